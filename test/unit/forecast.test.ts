import {
  canForecastTransition,
  canManageForecasts,
  canSeeForecasts,
  cellField,
  checkQuantity,
  commitmentGaps,
  committedField,
  defaultFirstWeek,
  fillGrid,
  FORECAST_STATUSES,
  FORECAST_TRANSITIONS,
  forecastNumber,
  forecastWeeks,
  ForecastTransitionError,
  isCurrentForecast,
  nextForecastStatus,
  parseCommitment,
  parseForecastGrid,
  parseHorizon,
  plainQuantity,
  publishProblem,
  sideBySide,
  supersededBy,
  type ForecastEvent,
} from "../../app/domain/forecast";
import { FORECAST_CSV_COLUMNS, FORECAST_EXPORT_COLUMNS, forecastCsvTemplate, MAX_FORECAST_IMPORT_ROWS, validateCommitmentCsv, validateForecastCsv } from "../../app/domain/forecast-import";
import { ROLES } from "../../app/domain/permissions";
import { forecastPublishedEmail, forecastRecordedEmail, forecastRespondedEmail } from "../../emails/forecast";

const TODAY = "2026-03-04"; // a Wednesday in 2026-W10
const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const C = "33333333-3333-4333-8333-333333333333";

describe("who may see and publish forecasts", () => {
  it("lets admins, directors and planners read; admins and planners publish; partners of a making kind read", () => {
    expect(ROLES.filter((r) => canSeeForecasts(r, null))).toEqual(["admin", "director", "planner"]);
    expect(ROLES.filter((r) => canManageForecasts(r))).toEqual(["admin", "planner"]);
    for (const kind of ["3pd", "contract_filler", "supplier"] as const) {
      expect(canSeeForecasts("partner_user", kind)).toBe(true);
      expect(canSeeForecasts("partner_admin", kind)).toBe(true);
    }
    expect(canSeeForecasts("partner_admin", "carrier")).toBe(false);
    expect(canSeeForecasts("partner_user", null)).toBe(false);
  });
});

describe("the status machine", () => {
  const EVENTS: ForecastEvent[] = ["edit", "publish", "respond", "supersede", "delete"];

  it("is exactly draft → published → committed, with supersede from the current ones", () => {
    const table = Object.fromEntries(FORECAST_STATUSES.map((s) => [s, Object.fromEntries(EVENTS.filter((e) => canForecastTransition(s, e)).map((e) => [e, nextForecastStatus(s, e)]))]));
    expect(table).toEqual({
      draft: { edit: "draft", publish: "published", delete: "draft" },
      published: { respond: "committed", supersede: "superseded" },
      committed: { respond: "committed", supersede: "superseded" },
      superseded: {},
    });
    expect(FORECAST_TRANSITIONS.superseded).toEqual({});
  });

  it("refuses everything else with a message for the person who tried", () => {
    for (const s of FORECAST_STATUSES)
      for (const e of EVENTS) {
        if (canForecastTransition(s, e)) continue;
        expect(() => nextForecastStatus(s, e)).toThrow(ForecastTransitionError);
      }
    expect(() => nextForecastStatus("published", "edit")).toThrow("Copy it to a new draft");
    expect(() => nextForecastStatus("superseded", "respond")).toThrow("answer the current forecast instead");
    expect(() => nextForecastStatus("committed", "publish")).toThrow("already published");
    expect(() => nextForecastStatus("draft", "respond")).toThrow("not published yet");
    expect(() => nextForecastStatus("published", "delete")).toThrow("Only a draft can be deleted");
    expect(() => nextForecastStatus("committed", "delete")).toThrow("Only a draft can be deleted");
  });

  it("makes a published or committed forecast the partner's current one, and publishing supersedes only that partner's", () => {
    expect(FORECAST_STATUSES.filter(isCurrentForecast)).toEqual(["published", "committed"]);
    const all = [
      { id: "1", partnerId: "metro", status: "committed" as const },
      { id: "2", partnerId: "metro", status: "superseded" as const },
      { id: "3", partnerId: "metro", status: "draft" as const },
      { id: "4", partnerId: "delta", status: "published" as const },
      { id: "5", partnerId: "metro", status: "published" as const },
    ];
    expect(supersededBy(all, { id: "5", partnerId: "metro" }).map((f) => f.id)).toEqual(["1"]);
    expect(supersededBy(all, { id: "6", partnerId: "metro" }).map((f) => f.id)).toEqual(["1", "5"]);
    expect(supersededBy(all, { id: "7", partnerId: "sunrise" })).toEqual([]);
  });

  it("numbers forecasts FC-00001 onwards", () => {
    expect(forecastNumber(1)).toBe("FC-00001");
    expect(forecastNumber(12345)).toBe("FC-12345");
    expect(forecastNumber(123456)).toBe("FC-123456");
    expect(() => forecastNumber(0)).toThrow(RangeError);
    expect(() => forecastNumber(1.5)).toThrow(RangeError);
  });
});

describe("quantities", () => {
  it("accepts non-negative decimals with at most 3 decimals, normalised", () => {
    expect(checkQuantity("1200")).toEqual({ value: "1200.000" });
    expect(checkQuantity(" 012.5 ")).toEqual({ value: "12.500" });
    expect(checkQuantity("0")).toEqual({ value: "0.000" });
    expect(checkQuantity("99999999999.999")).toEqual({ value: "99999999999.999" });
  });

  it("says what is wrong with anything else", () => {
    expect(checkQuantity("")).toEqual({ message: "Enter the quantity (0 when there is none)." });
    expect(checkQuantity("-5")).toEqual({ message: "The quantity can't be negative." });
    expect(checkQuantity("+5")).toMatchObject({ message: expect.stringContaining("without a sign") });
    expect(checkQuantity("12,500")).toMatchObject({ message: expect.stringContaining("thousands separators") });
    expect(checkQuantity("1 250")).toMatchObject({ message: expect.stringContaining("thousands separators") });
    expect(checkQuantity("1.2345")).toEqual({ message: "Use at most 3 decimals." });
    expect(checkQuantity("123456789012")).toEqual({ message: "The quantity is too large." });
    expect(checkQuantity("1e5")).toMatchObject({ message: expect.stringContaining("like 1200 or 12.5") });
    expect(checkQuantity("=1+1")).toMatchObject({ message: expect.stringContaining("like 1200 or 12.5") });
    expect(checkQuantity("", "quantity you commit")).toEqual({ message: "Enter the quantity you commit (0 when there is none)." });
  });

  it("writes quantities plainly, exactly", () => {
    expect(plainQuantity("1200.000")).toBe("1200");
    expect(plainQuantity("12.500")).toBe("12.5");
    expect(plainQuantity("-3.250")).toBe("-3.25");
    expect(plainQuantity("0.000")).toBe("0");
    expect(plainQuantity("-0.000")).toBe("0");
    expect(plainQuantity("99999999999.999")).toBe("99999999999.999");
    expect(plainQuantity(null)).toBe("");
  });
});

describe("the horizon", () => {
  it("starts next week by default, runs from the first to the last line's week, or falls back", () => {
    expect(defaultFirstWeek(TODAY)).toBe("2026-W11");
    expect(defaultFirstWeek("2026-12-30")).toBe("2027-W01");
    expect(forecastWeeks(["2026-W12", "2026-W10", "2026-W12"], { from: "2030-W01", count: 3 })).toEqual(["2026-W10", "2026-W11", "2026-W12"]);
    expect(forecastWeeks(["2026-W52", "2027-W02"], { from: "2030-W01", count: 1 })).toEqual(["2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    expect(forecastWeeks([], { from: "2026-W11", count: 2 })).toEqual(["2026-W11", "2026-W12"]);
  });

  it("reads a typed horizon: a week from this one on, 1 to 52 weeks", () => {
    expect(parseHorizon("2026-W10", "3", TODAY)).toEqual({ weeks: ["2026-W10", "2026-W11", "2026-W12"] });
    expect(parseHorizon("2026w11", "1", TODAY)).toEqual({ weeks: ["2026-W11"] });
    expect(parseHorizon("2026-W09", "3", TODAY)).toEqual({ errors: { from: "Start this week (2026-W10) or later: 2026-W09 has passed." } });
    expect(parseHorizon("2025-W53", "0", TODAY)).toEqual({ errors: { from: "2025 has no week 53 (it has 52 weeks).", weeks: "Enter a number of weeks from 1 to 52." } });
    expect(parseHorizon("", "53", TODAY)).toEqual({ errors: { from: "Enter the week, like 2026-W05.", weeks: "Enter a number of weeks from 1 to 52." } });
    expect(parseHorizon("2026-W11", "2.5", TODAY)).toMatchObject({ errors: { weeks: expect.any(String) } });
  });

  it("keeps the horizon inside the business weeks (2000-W01 to 2100-W52)", () => {
    // 9999-W52 plus a few weeks ran past the calendar the week arithmetic knows: a 500
    expect(parseHorizon("9999-W52", "13", TODAY)).toEqual({ errors: { from: "Enter a week from 2000-W01 to 2100-W52." } });
    expect(parseHorizon("2101-W01", "1", TODAY)).toEqual({ errors: { from: "Enter a week from 2000-W01 to 2100-W52." } });
    expect(parseHorizon("2100-W50", "3", TODAY)).toEqual({ weeks: ["2100-W50", "2100-W51", "2100-W52"] });
    expect(parseHorizon("2100-W50", "4", TODAY)).toEqual({ errors: { weeks: "The forecast must end by 2100-W52: 4 weeks from 2100-W50 run past it." } });
  });
});

describe("the planner's grid", () => {
  const base = { items: [A, B], remove: [] as string[], addItem: "", from: "2026-W11", weeks: "2", cells: {} as Record<string, string> };

  it("reads every kept row × every week, blanks as 0", () => {
    const r = parseForecastGrid({ ...base, cells: { [cellField(A, "2026-W11")]: "100", [cellField(A, "2026-W12")]: "", [cellField(B, "2026-W12")]: " 7.25 ", other: "x" } }, TODAY);
    expect(r).toEqual({
      weeks: ["2026-W11", "2026-W12"],
      itemIds: [A, B],
      cells: [
        { itemId: A, week: "2026-W11", quantity: "100.000" },
        { itemId: A, week: "2026-W12", quantity: "0.000" },
        { itemId: B, week: "2026-W11", quantity: "0.000" },
        { itemId: B, week: "2026-W12", quantity: "7.250" },
      ],
    });
  });

  it("keeps the weeks still shown when the horizon moves, and adds or removes rows", () => {
    const r = parseForecastGrid(
      { ...base, remove: [B], addItem: C, from: "2026-W12", weeks: "2", cells: { [cellField(A, "2026-W11")]: "1", [cellField(A, "2026-W12")]: "2", [cellField(B, "2026-W12")]: "bad but removed" } },
      TODAY,
    );
    expect(r).toEqual({
      weeks: ["2026-W12", "2026-W13"],
      itemIds: [A, C],
      cells: [
        { itemId: A, week: "2026-W12", quantity: "2.000" },
        { itemId: A, week: "2026-W13", quantity: "0.000" },
        { itemId: C, week: "2026-W12", quantity: "0.000" },
        { itemId: C, week: "2026-W13", quantity: "0.000" },
      ],
    });
  });

  it("names every bad field, so its message shows beside it", () => {
    const r = parseForecastGrid({ ...base, addItem: A, from: "2026-W01", weeks: "x", cells: { [cellField(A, "2026-W11")]: "-1", [cellField(B, "2026-W12")]: "1.0001" } }, TODAY);
    expect(r).toEqual({
      errors: {
        from: "Start this week (2026-W10) or later: 2026-W01 has passed.",
        weeks: "Enter a number of weeks from 1 to 52.",
        addItem: "That item is in the grid already.",
        [cellField(A, "2026-W11")]: "The quantity can't be negative.",
        [cellField(B, "2026-W12")]: "Use at most 3 decimals.",
      },
    });
    expect(parseForecastGrid({ ...base, items: ["not-an-id"] }, TODAY)).toEqual({ errors: { form: "The grid could not be read. Reload the page and try again." } });
    expect(parseForecastGrid({ ...base, addItem: "x" }, TODAY)).toEqual({ errors: { addItem: "Choose an item from the list." } });
  });

  it("fills a full rectangle of item × week", () => {
    expect(fillGrid([A, B], ["2026-W11", "2026-W12"], [{ itemId: B, week: "2026-W12", quantity: "5.000" }, { itemId: C, week: "2026-W11", quantity: "9.000" }])).toEqual([
      { itemId: A, week: "2026-W11", quantity: "0.000" },
      { itemId: A, week: "2026-W12", quantity: "0.000" },
      { itemId: B, week: "2026-W11", quantity: "0.000" },
      { itemId: B, week: "2026-W12", quantity: "5.000" },
    ]);
  });

  it("publishes only something above 0 and not in the past", () => {
    expect(publishProblem([], TODAY)).toBe("Enter at least one quantity above 0 before publishing.");
    expect(publishProblem([{ week: "2026-W11", quantity: "0.000" }], TODAY)).toBe("Enter at least one quantity above 0 before publishing.");
    expect(publishProblem([{ week: "2026-W10", quantity: "1.000" }], TODAY)).toBeNull();
    expect(publishProblem([{ week: "2026-W11", quantity: "1.000" }, { week: "2026-W09", quantity: "0.000" }], TODAY)).toMatch(/^The forecast starts in 2026-W09, which has passed/);
  });
});

describe("the partner's commitment", () => {
  it("reads c.<line> quantities and m.<line> comments", () => {
    expect(parseCommitment({ [committedField(A)]: "10", [`m.${A}`]: "  line   full ", [committedField(B)]: "0", intent: "respond" })).toEqual({
      answers: [
        { lineId: A, committed: "10.000", comment: "line full" },
        { lineId: B, committed: "0.000", comment: "" },
      ],
    });
  });

  it("names a bad or blank quantity and a long comment", () => {
    expect(parseCommitment({ [committedField(A)]: "", [committedField(B)]: "1,5", [`m.${B}`]: "x".repeat(201) })).toEqual({
      errors: {
        [committedField(A)]: "Enter the quantity you commit (0 when there is none).",
        [committedField(B)]: "Write the number without thousands separators and with a point for decimals, like 1250.5.",
        [`m.${B}`]: "At most 200 characters.",
      },
    });
  });

  it("requires every line of the forecast, and notices lines that aren't on it", () => {
    const answers = [{ lineId: A, committed: "1.000", comment: "" }];
    expect(commitmentGaps([A, B], answers)).toEqual({ errors: { [committedField(B)]: "Enter the quantity you commit (0 when there is none)." }, unknown: false });
    expect(commitmentGaps([B], [...answers, { lineId: B, committed: "0.000", comment: "" }])).toEqual({ errors: {}, unknown: true });
    expect(commitmentGaps([A], answers)).toEqual({ errors: {}, unknown: false });
  });
});

describe("the CSV upload", () => {
  const items = [
    { id: A, code: "FG-GRANOLA" },
    { id: B, code: "FG-COCOA-BAR" },
    { id: C, code: "fg-cocoa-bar" },
  ];
  const run = (body: string, header = "item_code,week,quantity\n") => validateForecastCsv(header + body, { items, today: TODAY });

  it("has a template of its columns", () => {
    expect(FORECAST_CSV_COLUMNS).toEqual(["item_code", "week", "quantity"]);
    expect(MAX_FORECAST_IMPORT_ROWS).toBe(20_000);
    expect(forecastCsvTemplate()).toBe("item_code,week,quantity\r\n");
    expect(validateForecastCsv(forecastCsvTemplate(), { items, today: TODAY })).toEqual({ rows: [], problems: [{ line: 2, message: "The file has a header but no forecast rows." }] });
  });

  it("accepts good rows: any header case, any week spelling, codes in any case (the exact one wins)", () => {
    const r = run("fg-granola,2026-W10,1200\nFG-COCOA-BAR,2026w11,12.5\nfg-cocoa-bar,2026-w12,0\n", "Item Code,WEEK,Quantity\n");
    expect(r).toEqual({
      problems: [],
      rows: [
        { line: 2, itemId: A, itemCode: "FG-GRANOLA", week: "2026-W10", quantity: "1200.000" },
        { line: 3, itemId: B, itemCode: "FG-COCOA-BAR", week: "2026-W11", quantity: "12.500" },
        { line: 4, itemId: C, itemCode: "fg-cocoa-bar", week: "2026-W12", quantity: "0.000" },
      ],
    });
  });

  it("reports every problem by line and column, and returns no rows then", () => {
    const r = run(
      [
        "FG-GRANOLA,2026-W11,100", // 2 fine
        "NOPE,2026-W11,1", // 3 unknown
        "Fg-Cocoa-Bar,2026-W11,1", // 4 ambiguous
        ",2026-W11,1", // 5 no code
        "FG-GRANOLA,2026-W09,1", // 6 past
        "FG-GRANOLA,2026-W60,1", // 7 no such week
        "FG-GRANOLA,2026-W00,1", // 8 week 0
        "FG-GRANOLA,next week,1", // 9 not a week
        "FG-GRANOLA,,1", // 10 empty week
        "FG-GRANOLA,2026-W13,-4", // 11 negative
        "FG-GRANOLA,2026-W14,", // 12 empty quantity
        "fg-granola,2026-w11,5", // 13 duplicate of 2
        "=cmd|' /C calc'!A0,2026-W11,1", // 14 a formula is just an unknown code
      ].join("\n") + "\n",
    );
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { line: 3, column: "item_code", message: "No active item has the code NOPE." },
      { line: 4, column: "item_code", message: "Several items have the code Fg-Cocoa-Bar in different cases; write it exactly." },
      { line: 5, column: "item_code", message: "Enter the item's code." },
      { line: 6, column: "week", message: "2026-W09 has passed; forecast from this week (2026-W10) on." },
      { line: 7, column: "week", message: "2026 has no week 60." },
      { line: 8, column: "week", message: "Weeks are numbered from W01." },
      { line: 9, column: "week", message: "Use an ISO week like 2026-W05." },
      { line: 10, column: "week", message: "Enter the week, like 2026-W05." },
      { line: 11, column: "quantity", message: "The quantity can't be negative." },
      { line: 12, column: "quantity", message: "Enter the quantity (0 when there is none)." },
      { line: 13, column: "week", message: "Lines 2 and 13 both forecast FG-GRANOLA in 2026-W11; keep one line per item and week." },
      { line: 14, column: "item_code", message: "No active item has the code =cmd|' /C calc'!A0." },
    ]);
  });

  it("checks the header and the file's span", () => {
    expect(run("x,2026-W11,1\n", "item,week,quantity\n").problems).toEqual([
      { line: 1, message: "Missing column: item_code. Expected item_code, week, quantity." },
      { line: 1, message: "Unknown column: item. Expected item_code, week, quantity." },
    ]);
    expect(run('FG-GRANOLA,"2026-W11\n').problems).toEqual([{ line: 2, message: "A quoted value is never closed." }]);
    // 2026 has 53 weeks
    expect(run("FG-GRANOLA,2027-W10,1\nFG-GRANOLA,2026-W11,1\n").problems).toEqual([
      { line: 2, column: "week", message: "The file spans 53 weeks (2026-W11 to 2027-W10); a forecast covers at most 52." },
    ]);
    expect(run("FG-GRANOLA,2026-W11,1\nFG-GRANOLA,2027-W09,1\n").problems).toEqual([]);
  });
});

describe("side by side", () => {
  const items = [
    { id: A, code: "FG-COCOA-BAR", description: "Cocoa bar", uom: "ea" },
    { id: B, code: "FG-GRANOLA", description: "Granola", uom: "ea" },
    { id: C, code: "FG-OJ-1L", description: "Orange juice", uom: "ea" },
  ];
  const weeks = ["2026-W11", "2026-W12"];
  const line = (itemId: string, week: string, quantity: string, committedQuantity: string | null, comment = "") => ({ id: `${itemId}-${week}`, itemId, week, quantity, committedQuantity, comment });
  const routes = [
    { itemId: A, facilityId: "lyon", facilityName: "Lyon", resource: "Bar line" },
    { itemId: B, facilityId: "lyon", facilityName: "Lyon", resource: "Bar line" },
  ];
  const capacity = [
    { facilityId: "lyon", resource: "Bar line", week: "2026-W11", capacity: "100" },
    { facilityId: "lyon", resource: "Oven", week: "2026-W11", capacity: "999" },
  ];

  it("puts forecast, commitment, gap and the resource's capacity per item and week, with the flags", () => {
    const view = sideBySide({
      weeks,
      items,
      lines: [
        line(A, "2026-W11", "60", "50", "line full"),
        line(A, "2026-W12", "10", null),
        line(B, "2026-W11", "50", "60"),
        line(B, "2026-W12", "0", "0"),
        line(C, "2026-W11", "5", "5"),
        line(C, "2026-W12", "5", "5"),
      ],
      routes,
      capacity,
    });
    expect(view.weeks).toEqual(weeks);
    expect(view.rows.map((r) => r.item.code)).toEqual(["FG-COCOA-BAR", "FG-GRANOLA", "FG-OJ-1L"]);
    const [cocoa, granola, oj] = view.rows;
    expect(cocoa.cells[0]).toEqual({
      week: "2026-W11",
      lineId: `${A}-2026-W11`,
      forecast: "60.000",
      committed: "50.000",
      gap: "-10.000",
      comment: "line full",
      capacity: "100.000",
      underCommitted: true,
      // 60 + 50 of the two items on the bar line are over its 100
      overCapacity: true,
      noCapacity: false,
    });
    expect(cocoa.cells[1]).toMatchObject({ forecast: "10.000", committed: null, gap: null, capacity: null, underCommitted: false, overCapacity: false, noCapacity: true });
    expect(granola.cells[0]).toMatchObject({ gap: "10.000", underCommitted: false, overCapacity: true });
    expect(oj.route).toBeNull();
    expect(oj.cells[0]).toMatchObject({ capacity: null, noCapacity: false, overCapacity: false });
    expect(cocoa.totals).toEqual({ forecast: "70.000", committed: "50.000", gap: "-10.000" });
    expect(view.resources).toEqual([
      {
        key: "lyon|Bar line",
        facilityName: "Lyon",
        resource: "Bar line",
        itemCodes: ["FG-COCOA-BAR", "FG-GRANOLA"],
        weeks: [
          { week: "2026-W11", capacity: "100.000", forecast: "110.000", committed: "110.000", overCapacity: true, committedOverCapacity: true },
          { week: "2026-W12", capacity: null, forecast: "10.000", committed: "0.000", overCapacity: false, committedOverCapacity: false },
        ],
      },
    ]);
    expect(view.totals).toEqual([
      { week: "2026-W11", forecast: "115.000", committed: "115.000", gap: "0.000", capacity: "100.000", underCommitted: false, overCapacity: true },
      { week: "2026-W12", forecast: "15.000", committed: "5.000", gap: "0.000", capacity: null, underCommitted: false, overCapacity: false },
    ]);
    expect(view.summary).toEqual({ underCommittedCells: 1, overCapacityWeeks: 1, committedOverCapacityWeeks: 1, unroutedItems: 1, forecast: "130.000", committed: "120.000" });
  });

  it("is not over when the forecast exactly fills the capacity, and shows only items with lines", () => {
    const view = sideBySide({ weeks: ["2026-W11"], items, lines: [line(A, "2026-W11", "100", null)], routes, capacity });
    expect(view.rows.map((r) => r.item.code)).toEqual(["FG-COCOA-BAR"]);
    expect(view.rows[0].cells[0]).toMatchObject({ overCapacity: false, underCommitted: false, gap: null });
    expect(view.summary).toMatchObject({ underCommittedCells: 0, overCapacityWeeks: 0, committed: null });
  });

  it("gives an empty view for a forecast without lines", () => {
    expect(sideBySide({ weeks, items, lines: [], routes, capacity })).toMatchObject({ rows: [], resources: [], summary: { forecast: "0.000", committed: null } });
  });
});

describe("the emails", () => {
  const facts = { tenantName: "Northwind Foods", partnerName: "Metro", number: "FC-00007", title: "<b>Q3</b>", firstWeek: "2026-W11", lastWeek: "2026-W18", items: 2, url: "https://p.test/northwind/forecasts/x?a=1&b=2" };

  it("asks the partner to commit, naming what it replaces, with the planner's note escaped", () => {
    const mail = forecastPublishedEmail({ ...facts, note: "Peak in <week 3>", supersedes: ["FC-00004"] });
    expect(mail.template).toBe("forecast-published");
    expect(mail.subject).toBe("Northwind Foods forecast FC-00007: please commit your quantities");
    expect(mail.text).toContain("FC-00007 (<b>Q3</b>)");
    expect(mail.text).toContain("2 item(s) per week from 2026-W11 to 2026-W18");
    expect(mail.text).toContain("It replaces FC-00004");
    expect(mail.text).toContain("Note from the planner: Peak in <week 3>");
    expect(mail.html).not.toContain("<b>Q3</b>");
    expect(mail.html).toContain("&lt;b&gt;Q3&lt;/b&gt;");
    expect(mail.html).toContain('href="https://p.test/northwind/forecasts/x?a=1&amp;b=2"');
    expect(forecastPublishedEmail({ ...facts, title: "", note: "", supersedes: [] }).text).not.toMatch(/replaces|Note from/);
  });

  it("tells the planner what was committed, and whether it covers the forecast", () => {
    const base = { ...facts, revised: false, forecast: "1000", committed: "900", shortWeeks: 2, responseNote: "Line down", responderName: "Mo Metro" };
    const mail = forecastRespondedEmail(base);
    expect(mail.template).toBe("forecast-responded");
    expect(mail.subject).toBe("Metro committed to forecast FC-00007");
    expect(mail.text).toContain("Forecast 1000, committed 900 in total.");
    expect(mail.text).toContain("below the forecast in 2 item-week(s)");
    expect(mail.text).toContain("Their note: Line down");
    const revised = forecastRespondedEmail({ ...base, revised: true, shortWeeks: 0, responseNote: "" });
    expect(revised.subject).toBe("Metro revised its commitment to forecast FC-00007");
    expect(revised.text).toContain("covers the forecast in every week");
  });

  it("tells the partner's users what a planner recorded on their behalf, and that they may revise it", () => {
    const base = { ...facts, revised: false, forecast: "1000", committed: "900", shortWeeks: 2, responseNote: "Agreed <by phone>", responderName: "Priya Planner" };
    const mail = forecastRecordedEmail(base);
    expect(mail.template).toBe("forecast-recorded");
    expect(mail.subject).toBe("Northwind Foods recorded your commitment to forecast FC-00007");
    expect(mail.text).toContain("Priya Planner of Northwind Foods recorded the commitment of Metro to forecast FC-00007 (<b>Q3</b>) (2026-W11 to 2026-W18) on your behalf.");
    expect(mail.text).toContain("Forecast 1000, committed 900 in total, below the forecast in 2 item-week(s).");
    expect(mail.text).toContain("Note recorded with it: Agreed <by phone>");
    expect(mail.text).toContain("revise the commitment yourself");
    expect(mail.html).not.toContain("<by phone>");
    expect(forecastRecordedEmail({ ...base, revised: true, shortWeeks: 0, responseNote: "" }).text).toMatch(/revised the commitment of Metro[\s\S]*committed 900 in total\./);
  });
});

describe("validateCommitmentCsv (the partner's commitment from a file)", () => {
  const lines = [
    { id: "l1", itemCode: "FG-COCOA-BAR", week: "2026-W10" },
    { id: "l2", itemCode: "FG-COCOA-BAR", week: "2026-W11" },
    { id: "l3", itemCode: "FG-GRANOLA", week: "2026-W10" },
  ];
  const head = "item_code,week,committed_quantity,comment\n";

  it("answers every line from a short file, matching codes in any case and weeks in any form", () => {
    const text = head + "fg-cocoa-bar,2026-W10,100,\nFG-COCOA-BAR,2026W11,0,line down\nFG-GRANOLA,2026-w10,12.5,  two   spaces \n";
    expect(validateCommitmentCsv(text, lines)).toEqual({
      problems: [],
      answers: [
        { lineId: "l1", committed: "100.000", comment: "" },
        { lineId: "l2", committed: "0.000", comment: "line down" },
        { lineId: "l3", committed: "12.500", comment: "two spaces" },
      ],
    });
  });

  it("reads the forecast's own export back, ignoring its other columns and the apostrophe the export put before a formula-like comment", () => {
    const row = (item: string, week: string, committed: string, comment: string) =>
      FORECAST_EXPORT_COLUMNS.map((c) => ({ item_code: item, week, committed_quantity: committed, comment, forecast_quantity: "500", forecast: "FC-00001" })[c as string] ?? "").join(",");
    const text = [FORECAST_EXPORT_COLUMNS.join(","), row("FG-COCOA-BAR", "2026-W10", "400", "'-100: bar line maintenance"), row("FG-COCOA-BAR", "2026-W11", "500", ""), row("FG-GRANOLA", "2026-W10", "0", "")].join("\n");
    const out = validateCommitmentCsv(text, lines);
    expect(out.problems).toEqual([]);
    expect(out.answers[0]).toEqual({ lineId: "l1", committed: "400.000", comment: "-100: bar line maintenance" });
  });

  it("lists every problem by line and sends nothing: unknown item-weeks, bad quantities, repeats, long comments", () => {
    const text = head + "FG-COCOA-BAR,2026-W10,-5,\nFG-OJ-1L,2026-W10,1,\nFG-COCOA-BAR,2026-W11,,\nFG-GRANOLA,2026-W10,1," + "x".repeat(201) + "\nfg-granola,2026-W10,2,\n";
    const out = validateCommitmentCsv(text, lines);
    expect(out.answers).toEqual([]);
    expect(out.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "committed_quantity"],
      [3, "item_code"],
      [4, "committed_quantity"],
      [5, "comment"],
      [6, "week"],
    ]);
    expect(out.problems[1].message).toBe("This forecast has no FG-OJ-1L in 2026-W10.");
    expect(out.problems[2].message).toBe("Enter the quantity you commit (0 when there is none).");
    expect(out.problems[4].message).toContain("Lines 5 and 6 both answer FG-GRANOLA in 2026-W10");
  });

  it("tells apart item codes that differ only in case: the exact spelling wins, any other case is ambiguous", () => {
    const twins = [
      { id: "a", itemCode: "ABC-1", week: "2026-W10" },
      { id: "b", itemCode: "abc-1", week: "2026-W10" },
    ];
    expect(validateCommitmentCsv(head + "ABC-1,2026-W10,1,\nabc-1,2026-W10,2,\n", twins).answers.map((a) => [a.lineId, a.committed])).toEqual([
      ["a", "1.000"],
      ["b", "2.000"],
    ]);
    expect(validateCommitmentCsv(head + "Abc-1,2026-W10,1,\nabc-1,2026-W10,2,\n", twins).problems[0]).toEqual({
      line: 2,
      column: "item_code",
      message: "Several items have the code Abc-1 in different cases; write it exactly.",
    });
  });

  it("requires every item-week of the forecast, and the three columns it needs", () => {
    const out = validateCommitmentCsv(head + "FG-COCOA-BAR,2026-W10,1,\n", lines);
    expect(out.problems).toEqual([{ line: 1, message: "The file leaves out 2 item-week(s) of the forecast: FG-COCOA-BAR 2026-W11, FG-GRANOLA 2026-W10. Answer every one (0 when you commit none)." }]);
    expect(validateCommitmentCsv("item_code,week,quantity\nFG-COCOA-BAR,2026-W10,1\n", lines).problems[0].message).toMatch(/^Missing column: committed_quantity/);
  });
});
