import { getDatabase, migrate } from "../app/server/db.server";

const database = await getDatabase();
await migrate(database);
console.log(`Migrations applied (${database.kind}).`);
await database.close();
