/**
 * The part of an icon set a page asked for: the named icons, and for a name that is an alias,
 * the alias and every icon or alias it leads to, so the browser can resolve it; the names the set
 * lacks are listed in `not_found`, as the Iconify API lists them.
 */
import type { IconSetSubset, IconifyAliasData, IconifyIconData } from "../protocol/icons.js";
import type { IconSet } from "./icon-sets.js";

/** An alias chain longer than this is broken data (or a cycle): the alias is treated as missing. */
const MAX_ALIAS_DEPTH = 16;

/**
 * The icons `names` of `set`, in IconifyJSON form.
 *
 * @example
 * ```ts
 * iconSubset(mdi, ["home", "no-such-icon"]);
 * // { prefix: "mdi", icons: { home: { body: "<path …/>" } }, width: 24, height: 24, lastModified: …, not_found: ["no-such-icon"] }
 * ```
 */
export function iconSubset(set: IconSet, names: readonly string[]): IconSetSubset {
  const icons: Record<string, IconifyIconData> = {};
  const aliases: Record<string, IconifyAliasData> = {};
  const notFound: string[] = [];
  for (const name of names) {
    if (has(set.icons, name)) {
      icons[name] = set.icons[name];
      continue;
    }
    const chain = aliasChain(set, name);
    if (!chain) {
      notFound.push(name);
      continue;
    }
    for (const [alias, data] of chain.aliases) aliases[alias] = data;
    icons[chain.icon] = set.icons[chain.icon];
  }
  const subset: IconSetSubset = { prefix: set.prefix, icons };
  if (Object.keys(aliases).length > 0) subset.aliases = aliases;
  for (const key of ["left", "top", "width", "height", "lastModified"] as const) {
    if (typeof set[key] === "number") subset[key] = set[key];
  }
  if (notFound.length > 0) subset.not_found = notFound;
  return subset;
}

/** The aliases from `name` to the icon it finally names, or `undefined` when it leads nowhere. */
function aliasChain(set: IconSet, name: string): { aliases: [string, IconifyAliasData][]; icon: string } | undefined {
  const aliases: [string, IconifyAliasData][] = [];
  let current = name;
  for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
    const alias = set.aliases && has(set.aliases, current) ? set.aliases[current] : undefined;
    if (!alias || typeof alias.parent !== "string") return undefined;
    aliases.push([current, alias]);
    if (has(set.icons, alias.parent)) return { aliases, icon: alias.parent };
    current = alias.parent;
  }
  return undefined;
}

/** Own keys only: a name such as `constructor` must not find Object.prototype's. */
function has(record: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
