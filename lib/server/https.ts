/**
 * HTTPS with HTTP/2 (ALPN `h2`, HTTP/1.1 still offered): one connection then carries every
 * request of a page at once, so a page's event-callback streams no longer use up the six
 * connections a browser opens per host over HTTP/1.1. The certificate and key are read and checked
 * when the server is built: a missing file, a file that is not PEM, or a key of another
 * certificate fails then with one line that names it, not at the first TLS handshake.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";

/**
 * The server's TLS certificate and private key, each PEM text (a string or Buffer holding
 * `-----BEGIN ...`) or the path of a PEM file. `cert` may hold the whole chain, leaf first.
 *
 * @example
 * ```ts
 * new App({ layout, https: { cert: "certs/cert.pem", key: "certs/key.pem" } });
 * ```
 */
export interface HttpsOptions {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Concurrent streams (requests) one HTTP/2 connection may have open, sent in the server's SETTINGS. */
export const HTTP2_MAX_CONCURRENT_STREAMS = 256;

/** An `HttpsOptions` that cannot be used: its message is one line naming the file and the problem. */
export class HttpsOptionsError extends Error {
  override readonly name = "HttpsOptionsError";
  /** Lets the CLI tell it from other start-up errors without importing the class. */
  readonly code = "ERR_DASH_EVENTS_HTTPS";
}

/** The certificate and key, read and checked: PEM bytes Node's TLS accepts, and that belong together. */
export interface HttpsCredentials {
  cert: Buffer;
  key: Buffer;
}

/**
 * Read and check `options`: each is PEM, the key is a private key, and it is the certificate's.
 * Throws an {@link HttpsOptionsError} otherwise.
 *
 * @example
 * ```ts
 * const { cert, key } = await loadHttpsCredentials({ cert: "cert.pem", key: "key.pem" });
 * ```
 */
export async function loadHttpsCredentials(options: HttpsOptions): Promise<HttpsCredentials> {
  if (typeof options !== "object" || options === null) throw new HttpsOptionsError("https: expected { cert, key }, each PEM text or the path of a PEM file");
  const cert = await readPem(options.cert, "certificate");
  const key = await readPem(options.key, "private key");
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert.pem);
  } catch (error) {
    throw new HttpsOptionsError(`the TLS certificate ${cert.shown} is not a PEM certificate (${reason(error)})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.pem);
  } catch (error) {
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(key.pem.toString("latin1"));
    throw new HttpsOptionsError(
      encrypted
        ? `the TLS private key ${key.shown} is encrypted; give an unencrypted key (openssl pkey -in ${key.shown} -out key.pem)`
        : `the TLS private key ${key.shown} is not a PEM private key (${reason(error)})`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new HttpsOptionsError(`the TLS private key ${key.shown} does not belong to the certificate ${cert.shown}`);
  }
  return { cert: cert.pem, key: key.pem };
}

/** PEM bytes of a value that is PEM text or a file path, and how to name it in a message. */
async function readPem(value: unknown, what: string): Promise<{ pem: Buffer; shown: string }> {
  if (Buffer.isBuffer(value)) return { pem: value, shown: "(PEM text)" };
  if (typeof value !== "string" || value.trim() === "") {
    throw new HttpsOptionsError(`https: the TLS ${what} must be PEM text or the path of a PEM file`);
  }
  if (value.includes("-----BEGIN ")) return { pem: Buffer.from(value), shown: "(PEM text)" };
  try {
    return { pem: await readFile(value), shown: value };
  } catch (error) {
    throw new HttpsOptionsError(`cannot read the TLS ${what} file ${value} (${reason(error)})`);
  }
}

/** A short reason: Node's error code meaning, or OpenSSL's message, on one line. */
function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}
