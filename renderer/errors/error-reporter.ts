/** One error shown to the developer. */
export interface ShownError {
  key: number;
  message: string;
}

/**
 * Where callback and stream errors go: in debug mode a visible, dismissable list in the page
 * (rendered by ErrorOverlay), otherwise the console (and the list too for an error the user must
 * see, `always`: the server refused the page). Never `window.alert`, which would block the page
 * and every stream in it.
 */
export class ErrorReporter {
  private errors: ShownError[] = [];
  private readonly listeners = new Set<() => void>();
  private nextKey = 1;

  constructor(private readonly debug: boolean) {}

  report(message: string, cause?: unknown, options: { always?: boolean } = {}): void {
    console.error(`dash-events: ${message}`, ...(cause === undefined ? [] : [cause]));
    if (!this.debug && !options.always) return;
    this.errors = [...this.errors, { key: this.nextKey++, message }];
    this.emit();
  }

  dismiss(key: number): void {
    this.errors = this.errors.filter((error) => error.key !== key);
    this.emit();
  }

  list = (): ShownError[] => this.errors;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
