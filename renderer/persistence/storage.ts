/** Where persisted edits live: `persistence_type` names one of these. */
export type PersistenceType = "local" | "session" | "memory";

/** A key-value store of JSON values (undefined allowed), as Dash's persistence keeps them. */
export interface PersistenceStore {
  has(key: string): boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

/** Dash's prefix of persistence keys in localStorage / sessionStorage: pages of a Dash app and ours share them. */
const PREFIX = "_dash_persistence.";
/** Dash stores `undefined` as this marker, since JSON has no undefined. */
const UNDEFINED = "U";

const encode = (value: unknown): string => (value === undefined ? UNDEFINED : JSON.stringify(value));
const decode = (text: string | null): unknown => (text === UNDEFINED ? undefined : (JSON.parse(text ?? "null") as unknown));

class MemoryStore implements PersistenceStore {
  private readonly data = new Map<string, string>();
  has = (key: string) => this.data.has(key);
  get = (key: string) => decode(this.data.get(key) ?? null);
  set = (key: string, value: unknown) => void this.data.set(key, encode(value));
  remove = (key: string) => void this.data.delete(key);
}

class WebStore implements PersistenceStore {
  constructor(private readonly storage: Storage) {}
  has = (key: string) => this.storage.getItem(PREFIX + key) !== null;
  get = (key: string) => decode(this.storage.getItem(PREFIX + key));
  set = (key: string, value: unknown) => {
    try {
      this.storage.setItem(PREFIX + key, encode(value));
    } catch (error) {
      // Full or forbidden storage loses this edit, not the page.
      console.warn(`dash-events: ${key} could not be saved; persisted props may be lost`, error);
    }
  };
  remove = (key: string) => this.storage.removeItem(PREFIX + key);
}

const memory = new MemoryStore();
const stores = new Map<PersistenceType, PersistenceStore>([["memory", memory]]);

/**
 * The store of a persistence type. Like Dash, a web storage that cannot be used (disabled,
 * sandboxed) falls back to memory, so persistence then lasts until the page reloads.
 *
 * @example
 * ```ts
 * persistenceStore("session").set("input.value.true", ["typed", "initial"]);
 * ```
 */
export function persistenceStore(type: PersistenceType): PersistenceStore {
  let store = stores.get(type);
  if (!store) {
    store = memory;
    try {
      const storage = type === "local" ? window.localStorage : window.sessionStorage;
      const probe = `${PREFIX}x.x`;
      storage.setItem(probe, "x");
      storage.removeItem(probe);
      store = new WebStore(storage);
    } catch (error) {
      console.warn(`dash-events: ${type} storage is not available; persistence falls back to memory`, error);
    }
    stores.set(type, store);
  }
  return store;
}
