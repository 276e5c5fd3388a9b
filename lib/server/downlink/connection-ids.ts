/**
 * Downlink connection ids: issued by the server and signed, so a client can only name a
 * connection it was given. An id is `<random>.<HMAC-SHA256(secret, random)>` (base64url); any
 * process holding the same secret accepts it (several workers, a restart with a fixed secret).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The environment variable that sets the secret when the App's `secret` option is absent. */
export const SECRET_ENV = "DASH_EVENTS_SECRET";

/**
 * Issues and checks signed connection ids.
 *
 * @example
 * ```ts
 * const ids = new ConnectionIds("s3cret");
 * const id = ids.issue();
 * ids.verify(id); // true
 * ids.verify(id.replace(/.$/, "x")); // false
 * ```
 */
export class ConnectionIds {
  private readonly key: Buffer;

  /** `secret`: the app's; absent, `DASH_EVENTS_SECRET`; absent too, a random one for this process. */
  constructor(secret: string | undefined = process.env[SECRET_ENV]) {
    this.key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  issue(): string {
    const nonce = randomBytes(16).toString("base64url");
    return `${nonce}.${this.sign(nonce)}`;
  }

  /** Whether `id` was issued with this secret. */
  verify(id: string): boolean {
    const dot = id.indexOf(".");
    if (dot <= 0 || id.length > 256) return false;
    const given = Buffer.from(id.slice(dot + 1), "utf8");
    const expected = Buffer.from(this.sign(id.slice(0, dot)), "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(nonce: string): string {
    return createHmac("sha256", this.key).update(nonce).digest("base64url");
  }
}
