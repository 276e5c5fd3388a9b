/**
 * The `dash_ag_grid` component suite: registers AG Grid's community features and publishes the
 * components on `window.dash_ag_grid`, where the renderer looks up `namespace.type`.
 */
import { AllCommunityModule, ModuleRegistry } from "ag-grid-community";
import { AgGrid, getApi, getApiAsync } from "./AgGrid.js";

ModuleRegistry.registerModules([AllCommunityModule]);

declare global {
  interface Window {
    dash_ag_grid?: Record<string, unknown>;
  }
}

// Merge rather than replace: Dash AG Grid apps may have put helpers on this object already.
window.dash_ag_grid = Object.assign(window.dash_ag_grid ?? {}, { AgGrid, getApi, getApiAsync });
