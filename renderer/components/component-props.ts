import type { ComponentType } from "react";

/** Dash's loading_state prop: set while a callback computes one of the component's props. */
export interface LoadingState {
  is_loading: boolean;
  prop_name?: string;
  component_name?: string;
}

/**
 * What a rendered Dash component receives: its props (components inside them already rendered
 * to React elements), `setProps` to report user changes, and `loading_state`.
 */
export interface DashComponentProps {
  id?: string;
  setProps: (props: Record<string, unknown>) => void;
  loading_state?: LoadingState;
  [prop: string]: unknown;
}

/** A React component implementing a Dash component type (ours, or from a suite on `window`). */
export type DashComponent = ComponentType<DashComponentProps>;
