/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with the openssl CLI
 * (Node has no API that makes X.509 certificates). Without openssl the tests that need it fail
 * with a message that says so; they are not skipped.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  /** Paths of the PEM files. */
  certFile: string;
  keyFile: string;
  /** Their PEM text. */
  cert: string;
  key: string;
}

/** Make a fresh self-signed certificate and key (EC P-256, valid two days) in a temporary folder. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), "dash-events-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const made = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", keyFile, "-out", certFile],
    { encoding: "utf8" },
  );
  if (made.error) throw new Error(`the HTTPS tests need the openssl command (apt-get install openssl): ${made.error.message}`);
  if (made.status !== 0) throw new Error(`openssl failed to make a test certificate:\n${made.stderr}`);
  return { certFile, keyFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}
