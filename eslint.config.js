// `npm run lint` (and `npm test`, through pretest): typescript-eslint's recommended type-checked
// rules over every TypeScript project that scripts/typecheck.js checks. The projects are listed
// explicitly rather than found through `projectService`, because the tests and examples belong to
// tsconfig.test.json, not to the tsconfig.json nearest them.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Generated code and build output; the rest of .gitignore holds no sources.
    ignores: ["dist/", ".tap/", "tmp/", ".scratch/", "lib/dsl/suites/generated/"],
  },
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // A file is linted with the first project that includes it (lib/protocol is in both
        // tsconfig.test.json and the renderer's).
        project: [
          "./tsconfig.test.json",
          "./renderer/tsconfig.json",
          "./components/dash-ag-grid/tsconfig.json",
          "./components/dash-iconify/tsconfig.json",
          "./bench/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // tap waits for the subtests a test starts, so `t.test(...)` needs no await.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "@tapjs/test", name: "test" }] },
      ],
      // `const { omitted: _omitted, ...rest } = value` is how a key is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // Passing on a reason of unknown type (an AbortSignal's reason) is not making up a
      // non-Error; only-throw-error allows the same for `throw` by default.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    // tap ends a subtest when the promise of its function settles, so a test function is async
    // even with no await in it (a plain one would have to call t.end()).
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // The build and tooling scripts are plain JavaScript, in no TypeScript project.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
