/**
 * A real nginx (Debian's /usr/sbin/nginx) for a test: a reverse proxy on a free loopback port in
 * front of `upstreams`, plain round-robin (no sticky sessions), configured for SSE as the README's
 * "Deployment" section says (no buffering, long read timeout, HTTP/1.1 keep-alive upstream).
 * Runs as the test's user from a temporary prefix; stopped at teardown. A missing binary fails the
 * test with what to install (the tests never skip).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForPort } from "./redis-server.js";

export const NGINX = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Nginx {
  url: string;
  /** What nginx logged (its error log): an upstream it gave up on shows up here. */
  log(): string;
}

/** The `http` block's proxy part, as the README's Deployment section gives it. */
export function nginxSseConfig(upstreams: readonly string[], listen: string): string {
  return `
    upstream dash_events {
      ${upstreams.map((address) => `server ${address};`).join("\n      ")}
      keepalive 32;
    }
    server {
      listen ${listen};
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
 * ```
 */
export async function startNginx(t: Teardown, upstreams: readonly string[]): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install Debian's nginx (apt-get install nginx), as .ci/run does`);
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
  ${nginxSseConfig(upstreams, `127.0.0.1:${port}`)}
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
    url: `http://127.0.0.1:${port}`,
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
