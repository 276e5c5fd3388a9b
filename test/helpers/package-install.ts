/**
 * Helpers of the packed-tarball test: a lock file for a new project that depends on the tarball,
 * taken from our own lock, so `npm ci --offline` installs exactly the versions our tests ran
 * with, from the npm cache, without asking the registry anything.
 */

/** One entry of a lock file's `packages`. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** A `package-lock.json` (lockfileVersion 3). */
export interface LockFile {
  name?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** What the new project depends on. */
export interface ProjectLockOptions {
  /** Absolute path of the packed tarball. */
  tarball: string;
  /** The packed package's name and version. */
  name: string;
  version: string;
  /** The packed package's own `dependencies`. */
  dependencies: Record<string, string>;
  /** The packed package's `bin` (npm links it into node_modules/.bin from the lock's entry). */
  bin: Record<string, string>;
  /** Packages of our lock the project also installs, as its devDependencies (e.g. typescript). */
  devDependencies: readonly string[];
  /** The registry URL (`npm config get registry`), for the tarball URLs our lock leaves out. */
  registry: string;
}

/**
 * The lock of a project `{ dependencies: { [name]: "file:<tarball>" }, devDependencies }`: the
 * entries of `repoLock` that the tarball's dependencies and the dev packages reach, found the way
 * Node resolves (nearest `node_modules` first). Its root entry is the project's package.json.
 *
 * @example
 * ```ts
 * const lock = projectLock(repoLock, { tarball, name: "dash-events", version: "0.1.0", dependencies, devDependencies: ["typescript"] });
 * writeFileSync("package-lock.json", JSON.stringify(lock));
 * ```
 */
export function projectLock(repoLock: LockFile, options: ProjectLockOptions): LockFile {
  const all = repoLock.packages;
  const devDependencies = Object.fromEntries(options.devDependencies.map((name) => [name, requireEntry(all, `node_modules/${name}`).version!]));
  const spec = `file:${options.tarball}`;
  const packages: Record<string, LockEntry> = {
    "": { name: "tarball-app", version: "1.0.0", dependencies: { [options.name]: spec }, devDependencies },
    [`node_modules/${options.name}`]: {
      version: options.version,
      resolved: spec,
      dependencies: options.dependencies,
      bin: options.bin,
    },
  };
  const queue: Array<[from: string, deps: Record<string, string>]> = [
    ["", options.dependencies],
    ["", devDependencies],
  ];
  while (queue.length > 0) {
    const [from, deps] = queue.shift()!;
    for (const name of Object.keys(deps)) {
      const location = resolveFrom(all, from, name);
      if (location === undefined || packages[location]) continue;
      const entry = all[location];
      packages[location] = { ...entry, resolved: entry.resolved ?? tarballUrl(options.registry, location, entry) };
      const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([peer]) => peer);
      const peers = Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([peer]) => !optionalPeers.includes(peer)));
      queue.push([location, { ...entry.dependencies, ...entry.optionalDependencies, ...peers }]);
    }
  }
  return { name: "tarball-app", lockfileVersion: 3, requires: true, packages };
}

/**
 * The registry URL of a package's tarball. Our lock has no `resolved` fields; without one npm asks
 * the registry for the package's metadata first, which `--offline` may not have cached. With the
 * URL and the integrity, the tarball comes straight from the cache.
 */
function tarballUrl(registry: string, location: string, entry: LockEntry): string {
  const name = location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
  const base = name.slice(name.lastIndexOf("/") + 1);
  return `${registry.replace(/\/?$/, "/")}${name}/-/${base}-${entry.version}.tgz`;
}

/** The lock location `name` resolves to from the package at `from` (nearest node_modules first). */
function resolveFrom(all: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const location = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (all[location]) return location;
    if (dir === "") return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

function requireEntry(all: Record<string, LockEntry>, location: string): LockEntry {
  const entry = all[location];
  if (!entry?.version) throw new Error(`package-lock.json has no ${location}`);
  return entry;
}

/**
 * The README's own app: the TypeScript block that starts with `// app.ts`.
 *
 * @example
 * ```ts
 * writeFileSync("app.ts", readmeApp(readFileSync("README.md", "utf8")));
 * ```
 */
export function readmeApp(readme: string): string {
  const found = /```ts\n(\/\/ app\.ts[^\n]*\n[\s\S]*?)```/.exec(readme);
  if (!found) throw new Error("README.md has no ```ts block starting with // app.ts");
  return found[1];
}
