// Demo capacity: Metro Production Services and Delta Co-Packers declare their lines' weekly units
// over the rolling horizon, through the same function the grid uses (so the history is real).
import { horizon } from "../app/domain/capacity";
import type { Db } from "../app/server/db.server";
import { capacityFacilities, saveCapacity } from "../app/server/capacity.server";
import { withoutMail } from "../app/server/mail.server";
import { memberContext } from "./seed";

export async function seedCapacity(db: Db) {
  await withoutMail(async () => {
    const weeks = horizon(new Date().toISOString().slice(0, 10));
    for (const email of ["ops@metro3pd.test", "filler@delta.test"]) {
      const ctx = await memberContext(db, email, "northwind");
      for (const site of await capacityFacilities(ctx)) {
        const cells = site.resources.flatMap((resource, r) =>
          weeks.map((week, w) => ({
            resource,
            week,
            // a steady base with a summer shutdown dip and some lines busier than others
            capacity: String((r + 2) * 6000 - (w % 13 === 6 ? 4000 : 0) + (w % 4) * 500),
            version: 0,
          })),
        );
        if (cells.length) await saveCapacity(ctx, site.id, cells);
      }
    }
  });
}
