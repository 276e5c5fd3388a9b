/**
 * The icon sets of `@iconify/json` (one IconifyJSON file per set, 240-odd sets, 460 MB in all),
 * read lazily: a set is read and parsed the first time a page asks for one of its icons, then
 * kept in memory, least recently used first out, within a byte budget. A set larger than the
 * whole budget (fluent-emoji is 100 MB) is parsed for the request and not kept; the icon route
 * caches its answers, so a page asking again does not read it again.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ICON_NAME_PATTERN, MAX_ICON_NAME_LENGTH, type IconifyAliasData, type IconifyIconData } from "../protocol/icons.js";
import { locatePackage } from "./locate.js";

/** The package the sets come from. */
export const ICON_SETS_PACKAGE = "@iconify/json";

/** Default budget of the parsed sets kept, counted as the bytes of their files (parsed, they take about twice that). */
export const DEFAULT_ICON_SET_CACHE_BYTES = 32 * 1024 * 1024;

/** One icon set as `@iconify/json` has it (the fields the icon route reads). */
export interface IconSet {
  prefix: string;
  icons: Readonly<Record<string, IconifyIconData>>;
  aliases?: Readonly<Record<string, IconifyAliasData>>;
  left?: number;
  top?: number;
  width?: number;
  height?: number;
  lastModified?: number;
}

/** A set read from disk, with what identifies that version of its file. */
export interface LoadedIconSet {
  set: IconSet;
  /** `<size>-<mtime>` of the file: changes when the package is updated. */
  version: string;
}

/** A set's file, found but not yet read. */
export interface IconSetFile {
  prefix: string;
  path: string;
  bytes: number;
  /** `<size>-<mtime>` of the file: changes when the package is updated. */
  version: string;
}

/** Why a set could not be had. */
export class IconSetError extends Error {
  constructor(
    message: string,
    readonly reason: "not-installed" | "unknown-set",
  ) {
    super(message);
    this.name = "IconSetError";
  }
}

/**
 * Reads and keeps icon sets. One per server (`IconSets.shared` by default), so every app of the
 * process shares what has been parsed.
 *
 * @example
 * ```ts
 * const { set } = await IconSets.shared.load("mdi");
 * set.icons.home.body; // '<path fill="currentColor" d="M10 20v-6h4v6h5v-8h3L12 3L2 12h3v8z"/>'
 * ```
 */
export class IconSets {
  /** The instance the icon route uses. */
  static readonly shared = new IconSets();

  private readonly kept = new Map<string, { loaded: LoadedIconSet; bytes: number }>();
  private readonly reading = new Map<string, Promise<LoadedIconSet>>();
  private keptBytes = 0;

  /** @param maxBytes the budget of kept sets, in bytes of their files. */
  constructor(private readonly maxBytes = DEFAULT_ICON_SET_CACHE_BYTES) {}

  /** The folder of the set files, or `undefined` when `@iconify/json` is not installed. */
  folder(): string | undefined {
    const located = locatePackage(ICON_SETS_PACKAGE);
    return located && join(located.folder, "json");
  }

  /** Prefixes of the sets in memory now, most recently used last (for tests and metrics). */
  keptPrefixes(): string[] {
    return [...this.kept.keys()];
  }

  /**
   * The file of the set `prefix` and its version, without reading it. Rejects with an
   * `IconSetError` when the prefix is not a set name, the set does not exist or the package is
   * not installed.
   */
  async locate(prefix: string): Promise<IconSetFile> {
    if (!ICON_NAME_PATTERN.test(prefix) || prefix.length > MAX_ICON_NAME_LENGTH) {
      throw new IconSetError(`Unknown icon set ${JSON.stringify(prefix)}: not an icon set name`, "unknown-set");
    }
    const folder = this.folder();
    if (!folder) throw new IconSetError(`No icon sets installed: npm install ${ICON_SETS_PACKAGE}`, "not-installed");
    const path = join(folder, `${prefix}.json`);
    try {
      const stats = await stat(path);
      if (stats.isFile()) return { prefix, path, bytes: stats.size, version: `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}` };
    } catch {
      // not there: said below
    }
    throw new IconSetError(`Unknown icon set ${JSON.stringify(prefix)}: ${ICON_SETS_PACKAGE} has no such set`, "unknown-set");
  }

  /**
   * The set `prefix` (or the file `locate` found), from memory or read now; concurrent requests
   * for one set share one read. Rejects as `locate` does.
   */
  async load(prefix: string | IconSetFile): Promise<LoadedIconSet> {
    const file = typeof prefix === "string" ? await this.locate(prefix) : prefix;
    const kept = this.kept.get(file.prefix);
    if (kept && kept.loaded.version === file.version) {
      // most recently used goes last: the first key is the next to drop
      this.kept.delete(file.prefix);
      this.kept.set(file.prefix, kept);
      return kept.loaded;
    }
    const key = `${file.prefix}\0${file.version}`;
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.read(file).finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    return reading;
  }

  private async read({ prefix, path, version, bytes }: IconSetFile): Promise<LoadedIconSet> {
    const text = await readFile(path, "utf8");
    const parsed = JSON.parse(text) as Partial<IconSet> | null;
    if (parsed === null || typeof parsed !== "object" || typeof parsed.icons !== "object" || parsed.icons === null) {
      throw new Error(`${path} is not an IconifyJSON icon set`);
    }
    const set: IconSet = {
      prefix,
      icons: parsed.icons,
      aliases: parsed.aliases ?? undefined,
      left: parsed.left,
      top: parsed.top,
      width: parsed.width,
      height: parsed.height,
      lastModified: parsed.lastModified,
    };
    const loaded = { set, version };
    this.keep(prefix, loaded, bytes);
    return loaded;
  }

  private keep(prefix: string, loaded: LoadedIconSet, bytes: number): void {
    const old = this.kept.get(prefix);
    if (old) {
      this.kept.delete(prefix);
      this.keptBytes -= old.bytes;
    }
    if (bytes > this.maxBytes) return;
    while (this.keptBytes + bytes > this.maxBytes) {
      const [oldest, entry] = this.kept.entries().next().value as [string, { bytes: number }];
      this.kept.delete(oldest);
      this.keptBytes -= entry.bytes;
    }
    this.kept.set(prefix, { loaded, bytes });
    this.keptBytes += bytes;
  }
}
