import { Component, type ReactNode } from "react";

/** Keeps one failing component from taking the page down: it shows an error box instead. */
export class ComponentErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error(`dash-events: ${this.props.name} failed to render`, error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div data-dash-events-error="render" style={{ border: "1px solid #d33", color: "#d33", padding: "4px 8px" }}>
        {`${this.props.name}: ${this.state.error.message}`}
      </div>
    );
  }
}
