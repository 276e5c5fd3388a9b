/**
 * What the MCP App view's HTML tells the view's bridge (renderer/mcp-view/) about where it
 * starts: `<meta>` tags written by lib/mcp/app-view.ts. The view keeps its own location (the
 * host's iframe is `about:srcdoc`), starting at `VIEW_PATH_META`'s path; a page with a path
 * template starts at the template filled in with the tool's arguments, which the view gets from
 * the host (`ui/notifications/tool-input`).
 */

/** `<meta name=… content="/analytics">`: the path the view starts at. */
export const VIEW_PATH_META = "dash-events-view-path";
/** `<meta name=… content="/report/<report_id>">`: fill this template with the tool's arguments. */
export const VIEW_TEMPLATE_META = "dash-events-view-template";

/** The variables of a Dash Pages path template, in order: `/report/<report_id>` → `["report_id"]`. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(/<([^<>]*)>/g)].map((match) => match[1]);
}

/**
 * A path template filled in, each value URL-encoded (Pages' routing decodes it); undefined when
 * a variable has no string value.
 *
 * @example
 * ```ts
 * fillTemplate("/report/<report_id>", { report_id: "a b" }); // "/report/a%20b"
 * ```
 */
export function fillTemplate(template: string, values: Readonly<Record<string, unknown>>): string | undefined {
  let missing = false;
  const path = template.replace(/<([^<>]*)>/g, (_whole, name: string) => {
    const value = values[name];
    if (typeof value !== "string") missing = true;
    return encodeURIComponent(typeof value === "string" ? value : "");
  });
  return missing ? undefined : path;
}
