// The one place that opens the database: PGlite (embedded, under data/) by default,
// a PostgreSQL server through postgres.js when DATABASE_URL is set.
import path from "node:path";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../../drizzle/schema";
import { getEnv } from "./env.server";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

declare global {
  // eslint-disable-next-line no-var
  var __portalDatabase: Promise<Database> | undefined;
}

export async function openDatabase(url: string | undefined, pgliteDir: string): Promise<Database> {
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(url, { max: 10, onnotice: () => {} });
    return { db: drizzle(client, { schema }) as unknown as Db, kind: "postgres", close: () => client.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (pgliteDir !== "memory://") fs.mkdirSync(pgliteDir, { recursive: true });
  const client = await PGlite.create(pgliteDir === "memory://" ? undefined : pgliteDir);
  return { db: drizzle(client, { schema }) as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** The process-wide database. Tests install their own with `useDatabase`. */
export function getDatabase(): Promise<Database> {
  if (!globalThis.__portalDatabase) {
    const env = getEnv();
    globalThis.__portalDatabase = openDatabase(env.DATABASE_URL, env.PGLITE_DIR);
  }
  return globalThis.__portalDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export function useDatabase(database: Database) {
  globalThis.__portalDatabase = Promise.resolve(database);
}

export function migrationsFolder(): string {
  // works from app/server (tsx, vitest) and from build/ (the Remix server bundle)
  const candidates = [
    path.resolve(process.cwd(), "drizzle/migrations"),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle/migrations"),
  ];
  const found = candidates.find((c) => fs.existsSync(path.join(c, "meta/_journal.json")));
  if (!found) throw new Error("drizzle/migrations not found");
  return found;
}

export async function migrate(database: Database): Promise<void> {
  const folder = migrationsFolder();
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
  }
}
