/**
 * An expected failure of the CLI (bad app file, port in use, …): `main` prints its message
 * as is, without a stack trace, and exits with `exitCode`. Anything else is a bug and keeps its stack.
 *
 * @example
 * ```ts
 * throw new CliError("dash-events: port 8050 is already in use (try --port)");
 * ```
 */
export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
