#!/usr/bin/env node
// The `dash-events` command. In a source checkout it first runs scripts/build.js (a no-op when
// dist/ is newer than the sources), so `node bin/dash-events.js` always runs the current code;
// an installed package has no scripts/ and runs its prebuilt dist/ directly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const buildScript = fileURLToPath(new URL("../scripts/build.js", import.meta.url));
if (existsSync(buildScript) && existsSync(fileURLToPath(new URL("../lib/index.ts", import.meta.url)))) {
  // Build output goes to stderr: stdout belongs to the command (it prints the app's URL).
  const build = spawnSync(process.execPath, [buildScript], { stdio: ["ignore", 2, 2] });
  if (build.status !== 0) {
    console.error("dash-events: building dash-events from source failed (see above)");
    process.exit(build.status ?? 1);
  }
}

const { main } = await import("../dist/bin/cli.js");
await main(process.argv);
