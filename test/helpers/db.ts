// A fresh database for each test file: a copy of a migrated template on the local PostgreSQL
// when TEST_DATABASE_URL / DATABASE_URL is set, otherwise an in-memory PGlite.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { resetEnvCache } from "../../app/server/env.server";
import { migrate, openDatabase, useDatabase, type Database } from "../../app/server/db.server";
import { seedDemo } from "../../drizzle/seed";

/** One template per test run (named by the run's global setup), so parallel runs on one server don't collide. */
export function templateDb(): string {
  return process.env.PORTAL_TEST_TEMPLATE_DB || "portal_test_template";
}

export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

let counter = 0;

export async function createTestDatabase(): Promise<Database> {
  const url = serverUrl();
  if (!url) {
    const database = await openDatabase(undefined, "memory://");
    await migrate(database);
    return database;
  }
  const name = `portal_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
        break;
      } catch (e) {
        // another worker may be copying the template at this instant
        if (attempt > 20 || !String((e as Error).message).includes("being accessed")) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase(withDatabaseName(url, name), "");
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await dropper.end();
    },
  };
}

/** A fresh, migrated database installed as the app's database, optionally with the demo data. */
export async function setupTestDatabase(opts: { seed?: boolean } = {}) {
  // uploaded photos (the demo's too) go to a temporary folder, never the developer's data/
  if (!process.env.UPLOAD_DIR?.startsWith(os.tmpdir())) {
    process.env.UPLOAD_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-uploads-"));
    resetEnvCache();
  }
  const database = await createTestDatabase();
  useDatabase(database);
  const demo = opts.seed ? await seedDemo(database.db) : null;
  return { database, demo };
}
