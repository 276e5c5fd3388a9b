/**
 * A real nginx (Debian's /usr/sbin/nginx) for a test: a reverse proxy on a free loopback port in
 * front of `upstreams`, plain round-robin (no sticky sessions), configured for SSE as the README's
 * "Deployment" section says (no buffering, long read timeout, HTTP/1.1 keep-alive upstream);
 * with `http2`, HTTPS and HTTP/2 towards the browser as well, as that section's config has it.
 * Runs as the test's user from a temporary prefix; stopped at teardown. A missing binary fails the
 * test with what to install (the tests never skip).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort, waitForPort } from "./redis-server.js";
import { selfSignedCertificate } from "./tls.js";

export const NGINX = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Nginx {
  /** `http://127.0.0.1:<port>`, or `https://...` with the `http2` option. */
  url: string;
  /** What nginx logged (its error log): an upstream it gave up on shows up here. */
  log(): string;
}

/** Options of `startNginx`. */
export interface NginxOptions {
  /**
   * Speak HTTPS with HTTP/2 to the browser (a fresh self-signed certificate for 127.0.0.1 and
   * localhost: open pages in a browser context with `ignoreHTTPSErrors`); upstream stays plain
   * HTTP/1.1 keep-alive.
   */
  http2?: boolean;
}

/** TLS towards the browser: the certificate's files and the nginx version the listen line is for. */
export interface NginxTls {
  certFile: string;
  keyFile: string;
  /** `[major, minor, patch]` of the nginx that reads the config (see `nginxVersion`). */
  version: readonly [number, number, number];
}

/** The installed nginx's version, from `nginx -v` (which prints it on stderr). */
export function nginxVersion(): [number, number, number] {
  const run = spawnSync(NGINX, ["-v"], { encoding: "utf8" });
  const found = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${run.stderr}${run.stdout}`);
  if (!found) throw new Error(`cannot tell the version of ${NGINX} from \`nginx -v\`: ${run.error?.message ?? run.stderr}`);
  return [Number(found[1]), Number(found[2]), Number(found[3])];
}

/**
 * The listen directives for HTTPS with HTTP/2: nginx 1.25.1 made `http2` a directive of its own
 * (`http2 on;`) and deprecated the `listen` parameter; older versions know only the parameter.
 */
export function http2Listen(address: string, version: readonly [number, number, number]): string {
  const [major, minor, patch] = version;
  const hasHttp2Directive = major > 1 || (major === 1 && (minor > 25 || (minor === 25 && patch >= 1)));
  return hasHttp2Directive ? `listen ${address} ssl;\n      http2 on;` : `listen ${address} ssl http2;`;
}

/**
 * The `http` block's proxy part, as the README's Deployment section gives it; with `tls`, the
 * HTTPS + HTTP/2 lines of that section too.
 */
export function nginxSseConfig(upstreams: readonly string[], listen: string, tls?: NginxTls): string {
  const front = tls
    ? `${http2Listen(listen, tls.version)}
      ssl_certificate     ${tls.certFile};
      ssl_certificate_key ${tls.keyFile};
      http2_max_concurrent_streams 256;`
    : `listen ${listen};`;
  return `
    upstream dash_events {
      ${upstreams.map((address) => `server ${address};`).join("\n      ")}
      keepalive 32;
    }
    server {
      ${front}
      location / {
        proxy_pass http://dash_events;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        # SSE: hand every frame on at once, and keep long streams open
        proxy_buffering off;
        proxy_cache off;
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
      }
    }`;
}

/**
 * Start nginx proxying to `upstreams` (`host:port` each).
 *
 * @example
 * ```ts
 * const nginx = await startNginx(t, ["127.0.0.1:8051", "127.0.0.1:8052"]);
 * await fetch(nginx.url);
 * const h2 = await startNginx(t, ["127.0.0.1:8051"], { http2: true }); // https://127.0.0.1:<port>
 * ```
 */
export async function startNginx(t: Teardown, upstreams: readonly string[], options: NginxOptions = {}): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install Debian's nginx (apt-get install nginx), as .ci/run does`);
  let tls: NginxTls | undefined;
  if (options.http2) {
    const certificate = selfSignedCertificate();
    tls = { certFile: certificate.certFile, keyFile: certificate.keyFile, version: nginxVersion() };
    t.teardown(() => rmSync(dirname(certificate.certFile), { recursive: true, force: true }));
  }
  const dir = mkdtempSync(join(tmpdir(), "dash-events-nginx-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, sub));
  const port = await freePort();
  const config = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${nginxSseConfig(upstreams, `127.0.0.1:${port}`, tls)}
}
`;
  writeFileSync(join(dir, "nginx.conf"), config);
  let output = "";
  const child = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off; master_process on;"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`nginx exited (${code}) at start:\n${output}`))));
  exited.catch(() => undefined);
  await Promise.race([waitForPort(port), exited]);
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        // QUIT: graceful; the test's servers are gone by now anyway
        child.kill("SIGTERM");
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    log: () => {
      try {
        return output + readFileSyncSafe(join(dir, "error.log"));
      } catch {
        return output;
      }
    },
  };
}

function readFileSyncSafe(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}
