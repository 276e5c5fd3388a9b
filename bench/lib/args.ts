/** Command-line flags of the bench scripts: `--quick`, `--json FILE`, and `--name value` numbers. */
export interface BenchArgs {
  /** Small parameters for a smoke run. */
  quick: boolean;
  /** Where to write the result rows (used by bench/run.ts). */
  json: string | undefined;
  /** A numeric flag, or `fallback`. */
  number(name: string, fallback: number): number;
  /** A string flag, or `fallback`. */
  string(name: string, fallback: string): string;
  /** A comma-separated list of numbers, or `fallback`. */
  numbers(name: string, fallback: number[]): number[];
}

export function parseArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) values.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) values.set(arg.slice(2), argv[++i]);
    else flags.add(arg.slice(2));
  }
  const read = (name: string): string | undefined => values.get(name);
  return {
    quick: flags.has("quick"),
    json: read("json"),
    number(name, fallback) {
      const raw = read(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got ${raw}`);
      return n;
    },
    string: (name, fallback) => read(name) ?? fallback,
    numbers(name, fallback) {
      const raw = read(name);
      if (raw === undefined) return fallback;
      return raw.split(",").map((part) => {
        const n = Number(part);
        if (!Number.isFinite(n)) throw new Error(`--${name} expects numbers separated by commas, got ${raw}`);
        return n;
      });
    },
  };
}
