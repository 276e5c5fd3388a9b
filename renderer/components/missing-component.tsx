/**
 * Shown in place of a component whose namespace or type is not loaded; the rest of the page
 * keeps working. In debug mode it names the component, as Dash's error says which one failed.
 */
export function MissingComponent({ namespace, type, debug }: { namespace: string; type: string; debug: boolean }) {
  return (
    <div
      className="dash-events-missing-component"
      data-dash-events-error="missing-component"
      style={{ border: "1px solid #d33", color: "#d33", padding: "4px 8px", fontFamily: "monospace" }}
    >
      {debug ? `Component ${namespace}.${type} is not available (is its suite loaded?)` : "A component is not available"}
    </div>
  );
}
