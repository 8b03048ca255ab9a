import { decodeCursor, encodeCursor, PAGE_SIZE, pageOf } from "../../app/domain/keyset";

describe("cursor encoding", () => {
  it.each([[["acme", "7d3c1f0e-0000-4000-8000-000000000001"]], [["Ünïcødé & spaces / + =", 42]], [[0, -1.5, ""]], [["a"]]])("round-trips %j", (values) => {
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe, no padding
    expect(decodeCursor(cursor, values.length)).toEqual(values);
  });

  it("does not reveal an offset: different keys give different cursors", () => {
    expect(encodeCursor(["a", 1])).not.toBe(encodeCursor(["a", 2]));
  });

  it("treats a missing cursor as the start", () => {
    expect(decodeCursor(null, 2)).toBeNull();
    expect(decodeCursor(undefined, 2)).toBeNull();
    expect(decodeCursor("", 2)).toBeNull();
  });

  it("rejects a cursor of the wrong arity", () => {
    expect(decodeCursor(encodeCursor(["a", "b"]), 1)).toBeNull();
    expect(decodeCursor(encodeCursor(["a", "b"]), 3)).toBeNull();
    expect(decodeCursor(encodeCursor([]), 0)).toEqual([]);
  });

  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
  it.each([
    ["not base64 JSON", "%%%not-a-cursor%%%"],
    ["JSON object", b64('{"0":"a","1":"b"}')],
    ["JSON string", b64('"ab"')],
    ["JSON number", b64("12")],
    ["JSON null", b64("null")],
    ["nested array", b64('[["a"],"b"]')],
    ["null element", b64('[null,"b"]')],
    ["boolean element", b64('[true,"b"]')],
    ["object element", b64('[{"x":1},"b"]')],
    ["truncated JSON", b64('["a","b"')],
    ["garbage bytes", Buffer.from([0xff, 0xfe, 0x00, 0x5b]).toString("base64url")],
  ])("rejects %s", (_label, cursor) => {
    expect(decodeCursor(cursor, 2)).toBeNull();
  });
});

describe("pageOf", () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ name: `n${i}`, id: i }));
  const key = (r: { name: string; id: number }) => [r.name, r.id];

  it("uses a page size of 50 by default", () => {
    expect(PAGE_SIZE).toBe(50);
  });

  it("returns the first `limit` rows and a cursor naming the last one shown when an extra row was fetched", () => {
    const page = pageOf(rows.slice(0, 6), 5, key);
    expect(page.items).toEqual(rows.slice(0, 5));
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor, 2)).toEqual(["n4", 4]);
  });

  it("has no next page when exactly `limit` rows came back", () => {
    const page = pageOf(rows.slice(0, 5), 5, key);
    expect(page.items).toEqual(rows.slice(0, 5));
    expect(page.nextCursor).toBeNull();
  });

  it("has no next page for fewer rows or none", () => {
    expect(pageOf(rows.slice(0, 2), 5, key)).toEqual({ items: rows.slice(0, 2), nextCursor: null });
    expect(pageOf([], 5, key)).toEqual({ items: [], nextCursor: null });
  });

  it("walks a sorted list page by page, each row exactly once", () => {
    const all = Array.from({ length: 23 }, (_, i) => ({ name: `row-${String(i).padStart(2, "0")}`, id: i }));
    const fetch = (after: string | null, limit: number) => {
      const c = decodeCursor(after, 2);
      const from = c ? all.filter((r) => r.name > String(c[0])) : all;
      return from.slice(0, limit + 1);
    };
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { items: { name: string; id: number }[]; nextCursor: string | null } = pageOf(fetch(after, 5), 5, key);
      seen.push(...page.items.map((r) => r.id));
      after = page.nextCursor;
      pages++;
    } while (after && pages < 100);
    expect(pages).toBe(5);
    expect(seen).toEqual(all.map((r) => r.id));
  });
});

describe("typed cursors", () => {
  const id = "7d3c1f0e-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

  it("accepts values of the declared kinds", () => {
    expect(decodeCursor(encodeCursor(["acme", id]), ["string", "uuid"])).toEqual(["acme", id]);
    expect(decodeCursor(encodeCursor([42, "2026-03-01T12:00:00.000Z"]), ["int", "timestamp"])).toEqual([42, "2026-03-01T12:00:00.000Z"]);
    expect(decodeCursor(encodeCursor(["2026-03-01T12:00:00Z"]), ["timestamp"])).toEqual(["2026-03-01T12:00:00Z"]);
    expect(decodeCursor(encodeCursor([id.toUpperCase()]), ["uuid"])).toEqual([id.toUpperCase()]);
  });

  it.each([
    ["a non-UUID where a UUID belongs", ["acme", "not-a-uuid"], ["string", "uuid"]],
    ["a UUID with SQL appended", ["acme", `${id}' or '1'='1`], ["string", "uuid"]],
    ["a number where a string belongs", [1, id], ["string", "uuid"]],
    ["a string where an int belongs", ["42"], ["int"]],
    ["a fraction where an int belongs", [4.2], ["int"]],
    ["an unsafe integer", [2 ** 53], ["int"]],
    ["a date without time", ["2026-03-01"], ["timestamp"]],
    ["a local time without Z", ["2026-03-01T12:00:00"], ["timestamp"]],
    ["an impossible date", ["2026-13-45T12:00:00Z"], ["timestamp"]],
    ["an over-long string", ["x".repeat(501)], ["string"]],
    ["the wrong arity", ["acme"], ["string", "uuid"]],
  ] as const)("rejects %s", (_label, values, shape) => {
    expect(decodeCursor(encodeCursor(values as unknown as (string | number)[]), shape)).toBeNull();
  });

  it("accepts a string of exactly 500 characters", () => {
    expect(decodeCursor(encodeCursor(["x".repeat(500)]), ["string"])).toEqual(["x".repeat(500)]);
  });
});

describe("typed cursors refuse what PostgreSQL would refuse", () => {
  const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
  const id = "7d3c1f0e-0000-4000-8000-000000000001";

  it.each([
    ["Feb 30 (JavaScript rolls it over to March 2)", "2026-02-30T10:00:00.000Z"],
    ["month 13", "2026-13-01T10:00:00.000Z"],
    ["hour 24", "2026-01-01T24:00:00.000Z"],
    ["year 0", "0000-01-01T00:00:00.000Z"],
    ["a six-digit year", "+275760-09-13T00:00:00.000Z"],
    ["a date where a timestamp belongs", "2026-01-01"],
    ["text where a timestamp belongs", "yesterday"],
    ["a NUL", "2026-01-01T00:00:00.000Z\u0000"],
  ])("timestamp: %s", (_label, value) => {
    expect(decodeCursor(cursor([value, id]), ["timestamp", "uuid"])).toBeNull();
  });

  it("timestamp: keeps a real instant", () => {
    expect(decodeCursor(cursor(["2026-02-28T23:59:59.999Z", id]), ["timestamp", "uuid"])).toEqual(["2026-02-28T23:59:59.999Z", id]);
  });

  it.each(["2026-02-30", "2026-1-1", "x", "0000-01-01", "2026-01-01T00:00:00.000Z"])("date: refuses %s", (value) => {
    expect(decodeCursor(cursor([value, id]), ["date", "uuid"])).toBeNull();
  });

  it("date: keeps a real day", () => {
    expect(decodeCursor(cursor(["2024-02-29", id]), ["date", "uuid"])).toEqual(["2024-02-29", id]);
  });

  it.each(["1e5", "abc", "1.2.3", "", "12345678901234567"])("decimal: refuses %s", (value) => {
    expect(decodeCursor(cursor([value, "x"]), ["decimal", "string"])).toBeNull();
  });

  it("a NUL in a string position is refused, typed or not", () => {
    expect(decodeCursor(cursor(["ab\u0000c"]), ["string"])).toBeNull();
    expect(decodeCursor(cursor(["ab\u0000c"]), 1)).toBeNull();
  });
});
