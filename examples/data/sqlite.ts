// The seed's "realistic" source: a SQL query whose rows are streamed in partitions. The database
// is a real embedded SQLite (better-sqlite3), filled once from the gapminder table.
import { createRequire } from "node:module";
import { sleep } from "dash-events";
import { gapminder } from "./gapminder.js";

type Row = Record<string, string | number | null>;

/** The part of better-sqlite3's API used here (the package ships no type definitions). */
export interface Statement {
  run(...params: unknown[]): unknown;
  iterate(...params: unknown[]): IterableIterator<Row>;
  columns(): Array<{ name: string }>;
}
export interface SqliteDb {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction(fn: () => void): () => void;
  close(): void;
}
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => SqliteDb;

let opened: Promise<SqliteDb> | undefined;

/** An in-memory SQLite database with one table, `gapminder`, created on first use. */
export function gapminderDb(): Promise<SqliteDb> {
  opened ??= (async () => {
    const db = new Database(":memory:");
    db.exec(`create table gapminder (
      country text not null, year integer not null, cluster integer,
      pop integer, life_expect real, fertility real,
      primary key (country, year))`);
    const insert = db.prepare(
      "insert into gapminder (country, year, cluster, pop, life_expect, fertility) values (@country, @year, @cluster, @pop, @life_expect, @fertility)",
    );
    const rows = await gapminder();
    db.transaction(() => rows.forEach((row) => insert.run(row)))();
    return db;
  })();
  return opened;
}

/**
 * Run `sql` and yield its rows in partitions of `size` (the seed's `partition_results`).
 * Rows are read from the cursor one partition at a time, so a cancelled stream stops the query:
 * when `signal` aborts (or the consumer stops iterating), the cursor is closed and SQLite
 * finalizes the statement; no row past the last partition is read.
 * `pauseMs` stands in for a slow network between partitions, so the stream can be watched.
 */
export async function* queryInPartitions(
  db: SqliteDb,
  sql: string,
  params: readonly unknown[],
  size: number,
  signal: AbortSignal,
  pauseMs = 0,
): AsyncGenerator<{ rows: Row[]; columns: string[] }> {
  const statement = db.prepare(sql);
  const columns = statement.columns().map((column) => column.name);
  const cursor = statement.iterate(...params);
  try {
    let partition: Row[] = [];
    for (const row of cursor) {
      partition.push(row);
      if (partition.length === size) {
        yield { rows: partition, columns };
        partition = [];
        if (pauseMs > 0) await sleep(pauseMs, signal);
        signal.throwIfAborted();
      }
    }
    if (partition.length > 0) yield { rows: partition, columns };
  } finally {
    // Closing the cursor resets the statement: the query stops here, mid-result if cancelled.
    cursor.return?.();
  }
}
