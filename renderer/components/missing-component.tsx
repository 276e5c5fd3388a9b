/** Shown in place of a component whose namespace or type is not loaded; the rest of the page keeps working. */
export function MissingComponent({ namespace, type }: { namespace: string; type: string }) {
  return (
    <div
      className="dash-events-missing-component"
      data-dash-events-error="missing-component"
      style={{ border: "1px solid #d33", color: "#d33", padding: "4px 8px", fontFamily: "monospace" }}
    >
      {`Component ${namespace}.${type} is not available (is its suite loaded?)`}
    </div>
  );
}
