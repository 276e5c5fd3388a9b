#!/usr/bin/env node
// `npm run lint` (and `npm test`, through pretest, after the typecheck): ESLint with the
// type-checked rules of eslint.config.js over the whole repository. Prints the problems, then one
// summary line with the time taken; exits non-zero when there is an error.
import { ESLint } from "eslint";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
const eslint = new ESLint({ cwd: root });
const results = await eslint.lintFiles(["."]);
const formatter = await eslint.loadFormatter("stylish");
const report = await formatter.format(results);
if (report) console.log(report);

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const errors = results.reduce((sum, r) => sum + r.errorCount + r.fatalErrorCount, 0);
const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
const failed = results.filter((r) => r.errorCount + r.fatalErrorCount > 0).length;
if (errors > 0) {
  console.error(`lint failed: ${errors} error(s) in ${failed} file(s) (${seconds}s): fix them, or run \`npx eslint <file>\` to see one file's.`);
  process.exit(1);
}
console.log(`lint: ${results.length} files ok${warnings > 0 ? ` (${warnings} warning(s))` : ""} in ${seconds}s`);
