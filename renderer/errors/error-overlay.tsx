import { useSyncExternalStore } from "react";
import type { ErrorReporter } from "./error-reporter.js";

/** The debug-mode error list: fixed in a corner, each message with its own dismiss button. */
export function ErrorOverlay({ reporter }: { reporter: ErrorReporter }) {
  const errors = useSyncExternalStore(reporter.subscribe, reporter.list);
  if (errors.length === 0) return null;
  return (
    <div
      className="dash-events-errors"
      role="alert"
      style={{ position: "fixed", right: 12, bottom: 12, maxWidth: 480, zIndex: 2147483000, fontFamily: "sans-serif", fontSize: 13 }}
    >
      {errors.map((error) => (
        <div
          key={error.key}
          className="dash-events-error"
          style={{ background: "#fff0f0", border: "1px solid #d33", color: "#900", padding: "8px 32px 8px 10px", marginTop: 6, position: "relative", whiteSpace: "pre-wrap" }}
        >
          {error.message}
          <button
            type="button"
            aria-label="Dismiss"
            className="dash-events-error-dismiss"
            onClick={() => reporter.dismiss(error.key)}
            style={{ position: "absolute", top: 4, right: 6, border: "none", background: "none", cursor: "pointer", color: "#900" }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
