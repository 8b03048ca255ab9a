// Integration tests on a PostgreSQL server: build one migrated template database per run;
// each test file then copies it (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
import postgres from "postgres";
import { migrate, openDatabase } from "../../app/server/db.server";
import { serverUrl, templateDb, withDatabaseName } from "./db";

export default async function setup() {
  const url = serverUrl();
  if (!url) return;
  // set before the workers start, so they inherit it
  process.env.PORTAL_TEST_TEMPLATE_DB = `portal_test_template_${process.pid}`;
  const TEMPLATE_DB = templateDb();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();
  const database = await openDatabase(withDatabaseName(url, TEMPLATE_DB), "");
  await migrate(database);
  await database.close();
  return async function teardown() {
    const dropper = postgres(url, { max: 1, onnotice: () => {} });
    await dropper.unsafe(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`).catch(() => {});
    await dropper.end();
  };
}
