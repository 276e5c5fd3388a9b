/**
 * Generate the typed DSL module of an installed suite: find the package, read its metadata,
 * render the module. Used by `npm run gen:components` (the bundled suites) and by
 * `dash-events gen-components <package>` (a user's own).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { childrenPropsOfComponents } from "../suite-metadata/children-prop-paths.js";
import { readSuiteMetadata } from "../suite-metadata/read-suite.js";
import { locatePackage } from "../suites/locate.js";
import { findSuite } from "../suites/suite-registry.js";
import { renderSuiteModule, type RenderOptions } from "./render-module.js";

/** Options of `generateSuiteModule`. */
export interface GenerateOptions {
  /** `window[namespace]` of the suite. Default: the known suite's, else the package name with `_` for `-`. */
  namespace?: string;
  /** See `RenderOptions.imports`. Default `"package"`. */
  imports?: RenderOptions["imports"];
  /** Shown in the file's header as the way to regenerate it. */
  command?: string;
  /** Folders to look for node_modules from. Default: the working directory, then dash-events' own. */
  searchFrom?: readonly string[];
}

/** A generated module. */
export interface GeneratedSuite {
  source: string;
  namespace: string;
  version: string;
  components: string[];
  /** The suite's `children_props` (see lib/suites/children-props.ts), from the same metadata. */
  childrenProps: Record<string, string[]>;
}

/**
 * Generate the module of the installed npm package `packageName`.
 *
 * @example
 * ```ts
 * const { source } = generateSuiteModule("dash-table", { imports: "internal" });
 * ```
 */
export function generateSuiteModule(packageName: string, options: GenerateOptions = {}): GeneratedSuite {
  const located = locatePackage(packageName, options.searchFrom);
  if (!located) throw new Error(`Package ${JSON.stringify(packageName)} is not installed here: run \`npm install ${packageName}\` first`);
  const namespace = options.namespace ?? findSuite(packageName)?.namespace ?? packageName.replace(/^@[^/]+\//, "").replace(/-/g, "_");
  const metadata = withoutUnbundled(readSuiteMetadata(located.folder, namespace), bundleSource(located.folder, packageName));
  const source = renderSuiteModule(metadata, {
    imports: options.imports ?? "package",
    origin: `${packageName}@${located.version}`,
    command: options.command ?? `npx dash-events gen-components ${packageName}`,
  });
  return {
    source,
    namespace,
    version: located.version,
    components: metadata.components.map((component) => component.name),
    childrenProps: childrenPropsOfComponents(metadata.components),
  };
}

/** The text of the suite's scripts (a known suite's, else the package's `main`); undefined when none is found. */
function bundleSource(folder: string, packageName: string): string | undefined {
  const known = findSuite(packageName)?.scripts;
  const main = (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { main?: string }).main;
  const files = (known ?? (main ? [main] : [])).map((file) => join(folder, file)).filter((path) => existsSync(path));
  return files.length === 0 ? undefined : files.map((path) => readFileSync(path, "utf8")).join("\n");
}

/**
 * Leave out the prop-less entries the metadata lists but the bundle never mentions: dmc 2's
 * `ChipGroupContext` and `RadioGroupContext` are in its proptypes.js, not in
 * `window.dash_mantine_components`, so a factory for them could only make a node that fails to
 * render. (A component with props is kept: a bundle may name its components in other ways.)
 */
function withoutUnbundled<M extends { components: ReadonlyArray<{ name: string; props: readonly unknown[] }> }>(metadata: M, bundle: string | undefined): M {
  if (bundle === undefined) return metadata;
  return { ...metadata, components: metadata.components.filter((component) => component.props.length > 0 || new RegExp(`\\b${component.name}\\b`).test(bundle)) };
}
