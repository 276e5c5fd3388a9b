// `npm run gen:components`: regenerate the typed DSL modules of the bundled suites into
// lib/suites/generated/ (or into the folder given with --out, as the staleness test does).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLED_SUITE_MODULES } from "../lib/suites/codegen/bundled.js";
import { generateSuiteModule } from "../lib/suites/codegen/generate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outFlag = process.argv.indexOf("--out");
const out = outFlag >= 0 ? resolve(process.argv[outFlag + 1] ?? "") : join(root, "lib/suites/generated");
mkdirSync(out, { recursive: true });
for (const { file, packageName } of BUNDLED_SUITE_MODULES) {
  const generated = generateSuiteModule(packageName, { imports: "internal", command: "npm run gen:components", searchFrom: [root] });
  writeFileSync(join(out, file), generated.source);
  console.log(`${file}: ${generated.components.length} components of ${packageName}@${generated.version}`);
}
