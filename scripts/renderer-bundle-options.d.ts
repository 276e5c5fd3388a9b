import type { BuildOptions } from "esbuild";

/** V8's explicit compile hint (Chrome 136+), the first line of each bundle. */
export declare const COMPILE_HINT: string;
/** The esbuild options of the renderer bundles (scripts/build.js). */
export declare function rendererBundleOptions(root: string, outdir: string): BuildOptions;
/** The esbuild plugin that puts one ES module in front of each React package (see the .js file). */
export declare function reactFacades(root: string): import("esbuild").Plugin;
