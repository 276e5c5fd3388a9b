/**
 * The globals of a dash-events page, for test code that runs in the browser (`page.evaluate`,
 * `page.waitForFunction`); only compiled (tsconfig.test.json), never imported.
 * `window.dash_clientside` is the renderer's own declaration (renderer/callbacks/clientside.ts
 * compiles here). `window.dash_component_api` and `window.dash_ag_grid` mirror
 * renderer/component-api/install.ts and components/dash-ag-grid/index.ts, whose modules need
 * React's JSX and are compiled by their own projects. A plain .ts file, not a .d.ts: with
 * skipLibCheck a clash with those declarations would go unreported.
 */
import type { GridApi } from "ag-grid-community";
import type { ComponentId } from "../../lib/protocol/types.js";
import type { Row } from "../../components/dash-ag-grid/props.js";
import type {} from "../../renderer/callbacks/clientside.js";

/** `window.dash_component_api`, the API Dash 3+ component suites call. */
interface DashComponentApi {
  /** React parts, for components; test code only checks they are there. */
  DashContext: object;
  useDashContext: () => unknown;
  ExternalWrapper: (props: never) => unknown;
  /** The current value at a component path (a node, its props or a prop), or the current node of the component with that id. */
  getLayout(componentPathOrId: Array<string | number> | ComponentId): unknown;
  /** An id as Dash writes it in prop ids and DOM ids: object ids as sorted-key JSON. */
  stringifyId(id: ComponentId): string;
}

/** `window.dash_ag_grid`: the AgGrid component and Dash AG Grid's API lookups. */
interface DashAgGrid {
  AgGrid: unknown;
  /** The API of the mounted grid with this id, if any. */
  getApi(id: ComponentId): GridApi<Row> | undefined;
  /** Resolves with the grid's API once a grid with this id is ready. */
  getApiAsync(id: ComponentId): Promise<GridApi<Row>>;
  [helper: string]: unknown;
}

declare global {
  interface Window {
    dash_component_api?: DashComponentApi;
    dash_ag_grid?: DashAgGrid;
    /** Functions Dash AG Grid's string expressions (getRowId, …) may call. */
    dashAgGridFunctions?: Record<string, unknown>;
  }
}
