import { BLIND_COUNT_STATUSES, isBlindCount, shownBook } from "../../app/domain/blind-count";
import { COUNT_STATUSES } from "../../app/domain/inventory";

describe("which counts are blind", () => {
  it("from scheduling until submission; never once the book is revealed", () => {
    expect(COUNT_STATUSES.filter(isBlindCount)).toEqual(["scheduled", "in_progress", "submitted"]);
    expect(BLIND_COUNT_STATUSES).not.toContain("recount_requested");
    for (const s of ["awaiting_root_cause", "awaiting_approval", "completed", "cancelled"] as const) expect(isBlindCount(s)).toBe(false);
  });
});

describe("shownBook", () => {
  const rows = [
    { itemId: "oj", lot: "L1", quantity: "120.000", consumed28: "56.000", blind: true },
    { itemId: "oj", lot: "L2", quantity: "80.000", consumed28: "0", blind: false },
    { itemId: "honey", lot: "L3", quantity: "40.000", consumed28: "28.000", blind: false },
  ];
  const cover = new Map([
    ["oj", 100],
    ["honey", 40],
  ]);

  it("shows a blind row no quantity, consumption or cover", () => {
    expect(shownBook(rows, cover)[0]).toMatchObject({ lot: "L1", quantity: null, consumed28: null, daysOfCover: null, onCount: true });
  });

  it("shows another lot of the same item its own quantity, but not the item's cover, which adds both lots", () => {
    expect(shownBook(rows, cover)[1]).toMatchObject({ lot: "L2", quantity: "80.000", consumed28: "0", daysOfCover: null, onCount: false });
  });

  it("leaves stock outside the count as it is", () => {
    expect(shownBook(rows, cover)[2]).toMatchObject({ lot: "L3", quantity: "40.000", consumed28: "28.000", daysOfCover: 40, onCount: false });
    expect(shownBook([{ ...rows[2] }], new Map())[0].daysOfCover).toBeNull();
  });
});
