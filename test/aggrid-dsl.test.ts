// The `dag` DSL namespace: AgGrid layout nodes serialize as Dash AG Grid's do.
import t from "tap";
import * as dag from "../lib/dsl/suites/dag.js";
import { html } from "../lib/dsl/html.js";

t.test("dag.AgGrid makes a dash_ag_grid.AgGrid node", async (t) => {
  const grid = dag.AgGrid({
    style: { height: "70vh" },
    id: "grid",
    getRowId: "params.data.id",
    columnDefs: [{ field: "id" }],
    rowTransaction: { add: [{ id: 1 }] },
  });
  t.equal(grid.id, "grid");
  t.same(JSON.parse(JSON.stringify(grid)), {
    type: "AgGrid",
    namespace: "dash_ag_grid",
    props: {
      id: "grid",
      style: { height: "70vh" },
      columnDefs: [{ field: "id" }],
      rowTransaction: { add: [{ id: 1 }] },
      getRowId: "params.data.id",
    },
  });
  t.equal(Object.keys(grid.props)[0], "id", "props in the component's declared order");
});

t.test("dag.AgGrid nests in a layout and takes no props at all", async (t) => {
  const layout = html.Div([dag.AgGrid()]);
  t.same((JSON.parse(JSON.stringify(layout)) as { props: { children: unknown[] } }).props.children[0], { type: "AgGrid", namespace: "dash_ag_grid", props: {} });
});

t.test("dag.AgGrid props are typed", async (t) => {
  // @ts-expect-error: a wrong prop type is a compile error
  dag.AgGrid({ getRowId: 3 });
  // @ts-expect-error: an unknown prop is a compile error
  dag.AgGrid({ rowdata: [] });
  t.throws(() => (dag.AgGrid as (x: unknown) => unknown)(42n), TypeError, "and a non-object is refused at run time");
});
