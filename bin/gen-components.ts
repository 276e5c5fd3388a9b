/**
 * `dash-events gen-components <npm-package>`: write a typed DSL module for a Dash component suite
 * the user installed, like the `dcc`/`dmc`/`dbc` namespaces dash-events ships.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { GeneratedSuite } from "../lib/codegen/generate.js";
import { CliError } from "./cli-error.js";

/** Options of `genComponents`. */
export interface GenComponentsOptions {
  /** Output file. Default `<namespace>.ts` in the working directory. */
  out?: string;
  /** The suite's `window` namespace, when it is not the package name with `_` for `-`. */
  namespace?: string;
  /** Where to look for node_modules. Default: the working directory. */
  cwd?: string;
}

/** What `genComponents` wrote. */
export interface GenComponentsResult {
  file: string;
  namespace: string;
  components: string[];
}

/**
 * Generate `<out>` for the installed package: one props interface and one factory per component,
 * importing from "dash-events". A package that is missing or has no readable metadata is a
 * `CliError` saying so.
 *
 * @example
 * ```ts
 * const { file, components } = await genComponents("dash-iconify", { out: "src/iconify.ts" });
 * // then: import * as iconify from "./iconify.js"; iconify.DashIconify({ icon: "mdi:home" })
 * ```
 */
export async function genComponents(packageName: string, options: GenComponentsOptions = {}): Promise<GenComponentsResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  // loaded on demand: the generator parses JavaScript with the `typescript` package, which only this command needs
  let codegen: typeof import("../lib/codegen/generate.js");
  try {
    codegen = await import("../lib/codegen/generate.js");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("typescript")) {
      throw new CliError("dash-events gen-components: needs the typescript package (npm install --save-dev typescript)");
    }
    throw error;
  }
  let generated: GeneratedSuite;
  try {
    generated = codegen.generateSuiteModule(packageName, { namespace: options.namespace, imports: "package", searchFrom: [cwd] });
  } catch (error) {
    throw new CliError(`dash-events gen-components: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = resolve(cwd, options.out ?? `${generated.namespace}.ts`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, generated.source);
  return { file, namespace: generated.namespace, components: generated.components };
}
