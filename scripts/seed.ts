import { getDatabase, migrate } from "../app/server/db.server";
import { hasDemoData, seedDemo, DEMO_LOGINS, DEMO_PASSWORD } from "../drizzle/seed";

const database = await getDatabase();
await migrate(database);
if (await hasDemoData(database.db)) {
  console.log("Demo data already present; nothing to do.");
} else {
  await seedDemo(database.db);
  console.log(`Demo data created. Password for every demo login: ${DEMO_PASSWORD}`);
  for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(28)} ${l.description}`);
}
await database.close();
