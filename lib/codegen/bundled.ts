/** The suites whose DSL modules dash-events ships (lib/dsl/suites/generated/), and their file names. */
export const BUNDLED_SUITE_MODULES: ReadonlyArray<{ file: string; packageName: string }> = [
  { file: "dcc.ts", packageName: "dash-core-components" },
  { file: "dmc.ts", packageName: "dash_mantine_components" },
  { file: "dbc.ts", packageName: "dash-bootstrap-components" },
  { file: "dash_table.ts", packageName: "dash-table" },
];

/** The generated table of those suites' children props (lib/suites/children-props.ts), next to their modules. */
export const CHILDREN_PROPS_FILE = "children-props.ts";
