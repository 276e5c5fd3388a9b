// The callback registration types are part of the API: the context is typed without
// annotations, annotated values are accepted, and misuse does not compile. Runs the TypeScript
// checker over test/fixtures/types/callback-typing.ts with the options of tsconfig.test.json.
import t from "tap";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { typeErrors } from "./helpers/type-check.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("callback typing probe compiles, and each @ts-expect-error marks a real error", async (t) => {
  const problems = typeErrors([join(root, "test/fixtures/types/callback-typing.ts")]);
  t.strictSame(problems, []);
});
