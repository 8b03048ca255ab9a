// `npm start`: open the database (PGlite under data/ unless DATABASE_URL is set), apply
// migrations, seed the demo on a fresh embedded database, then serve the Remix build.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getDatabase, migrate } from "./app/server/db.server";
import { getEnv } from "./app/server/env.server";
import { createPortalApp } from "./app/server/http.server";
import { logErrorLine } from "./app/server/log.server";
import { startInventoryJobs } from "./app/server/inventory-jobs.server";
import { hasDemoData, seedDemo, DEMO_LOGINS, DEMO_PASSWORD } from "./drizzle/seed";

const env = getEnv();
const database = await getDatabase();
if (database.kind === "pglite") {
  await migrate(database);
  if (!(await hasDemoData(database.db))) {
    console.log("First start: creating the demo data…");
    await seedDemo(database.db);
  }
  console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(28)} ${l.description}`);
} else {
  console.log("Using DATABASE_URL. Run `npm run db:migrate` (and `npm run db:seed` for demo data) to prepare it.");
}

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const app = createPortalApp(build);
const server = app.listen(env.PORT, () => {
  console.log(`\nSupplier Portal listening on ${env.APP_URL} (port ${env.PORT}, database: ${database.kind})`);
});
// a slow client can't hold a connection open forever (Node's default is 5 minutes per request)
server.requestTimeout = 120_000;
server.headersTimeout = 30_000;

// A request that fails answers 500 and the server keeps serving; a stray rejection or exception
// outside a request is logged (without its values) and serving goes on. What no process can
// survive (out of memory, a kill) is for the supervisor to restart: see README, "Running it".
process.on("unhandledRejection", (reason) => {
  logErrorLine({ kind: "unhandledRejection" }, reason);
});
process.on("uncaughtException", (error) => {
  logErrorLine({ kind: "uncaughtException" }, error);
});

// count reminders and out-of-stock alerts, hourly (each is sent once)
const stopJobs = startInventoryJobs();

async function shutdown() {
  stopJobs();
  server.close();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
