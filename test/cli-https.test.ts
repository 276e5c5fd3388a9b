// `dash-events serve --cert --key` as a user runs it (issue 11, item 7): HTTPS with HTTP/2, with
// and without --reload; a bad certificate or a lone flag exits non-zero with one clear line.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildOnce, runCli } from "./helpers/cli.js";
import { selfSignedCertificate } from "./helpers/tls.js";

buildOnce();
const tls = selfSignedCertificate();
const appDir = mkdtempSync(join(tmpdir(), "dash-events-cli-https-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));
writeFileSync(
  join(appDir, "app.ts"),
  `import { App, html } from "dash-events";
export default new App({ layout: html.Div("over TLS", { id: "out" }) });
`,
);

/** GET `path` over HTTP/2 (the session refuses anything else): status and body. */
function h2get(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const session = connect(url, { rejectUnauthorized: false });
    session.on("error", reject);
    const stream = session.request({ ":path": path });
    let status = 0;
    let body = "";
    stream.setEncoding("utf8");
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.on("data", (chunk: string) => (body += chunk));
    stream.on("end", () => {
      session.close();
      resolve({ status, body });
    });
    stream.on("error", reject);
  });
}

for (const reload of [false, true]) {
  t.test(`serve --cert --key${reload ? " --reload" : ""}: an https:// URL, served over HTTP/2, exits 0 on SIGINT`, async (t) => {
    const run = runCli(t, ["serve", "app.ts", "--port", "0", "--cert", tls.certFile, "--key", tls.keyFile, ...(reload ? ["--reload"] : [])], appDir);
    const url = await run.url;
    t.match(url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    const layout = await h2get(url, "/_dash-layout");
    t.equal(layout.status, 200);
    t.match(layout.body, /over TLS/);
    run.kill("SIGINT");
    t.equal((await run.exit).code, 0);
  });
}

t.test("a missing certificate file: exit 1, one line naming it", async (t) => {
  const { code, stdout, stderr } = await runCli(t, ["serve", "app.ts", "--port", "0", "--cert", "missing.pem", "--key", "missing-key.pem"], appDir).exit;
  t.equal(code, 1);
  t.equal(stdout, "");
  t.equal(stderr.trim(), "dash-events: cannot read the TLS certificate file missing.pem (no such file)");
});

t.test("a key that is not the certificate's: exit 1, one line naming both", async (t) => {
  const other = selfSignedCertificate();
  const { code, stderr } = await runCli(t, ["serve", "app.ts", "--port", "0", "--cert", tls.certFile, "--key", other.keyFile, "--reload"], appDir).exit;
  t.equal(code, 1);
  t.equal(stderr.trim(), `dash-events: the TLS private key ${other.keyFile} does not belong to the certificate ${tls.certFile}`);
});

t.test("--cert without --key: exit 1, says what is missing", async (t) => {
  const { code, stderr } = await runCli(t, ["serve", "app.ts", "--port", "0", "--cert", tls.certFile], appDir).exit;
  t.equal(code, 1);
  t.equal(stderr.trim(), "dash-events: --key is missing: HTTPS needs both --cert and --key");
});
