/**
 * Dash's `update_title` (dash-renderer's observers/documentTitle.ts): while callbacks run the
 * page title is `update_title`, and the app's own title comes back when they are done. A title
 * set meanwhile (by a callback, a page) is kept as the one to come back to.
 */
export class DocumentTitle {
  private saved = document.title;

  constructor(private readonly updateTitle: string) {}

  /** Whether any callback is running now. */
  busy(running: boolean): void {
    if (!this.updateTitle) return;
    if (running) {
      if (document.title !== this.updateTitle) {
        this.saved = document.title;
        document.title = this.updateTitle;
      }
    } else if (document.title === this.updateTitle) {
      document.title = this.saved;
    } else {
      this.saved = document.title;
    }
  }
}
