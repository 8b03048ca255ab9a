// Integration tests on a PostgreSQL server: build one migrated template database per run;
// each test file then copies it (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
import postgres from "postgres";
import { migrate, openDatabase } from "../../app/server/db.server";
import { serverUrl, TEMPLATE_DB, withDatabaseName } from "./db";

export default async function setup() {
  const url = serverUrl();
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();
  const database = await openDatabase(withDatabaseName(url, TEMPLATE_DB), "");
  await migrate(database);
  await database.close();
}
