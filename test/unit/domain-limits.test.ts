import {
  addDays,
  BUSINESS_DATE_RANGE_MESSAGE,
  BUSINESS_WEEK_RANGE_MESSAGE,
  businessDateProblem,
  checkBusinessWeek,
  EARLIEST_BUSINESS_DATE,
  formatPickupWindow,
  hasControlCharacters,
  isBusinessDate,
  isBusinessWeek,
  isClockTime,
  isIsoDate,
  LATEST_BUSINESS_DATE,
  LATEST_BUSINESS_WEEK,
  lotProblem,
  movementDateProblem,
  pickupWindowProblem,
  pickupWindowProblems,
} from "../../app/domain/limits";
import { isoWeekOf, weekStart } from "../../app/domain/iso-week";

describe("business dates", () => {
  it("run from 2000-01-01 to 2100-12-31, both included", () => {
    expect([EARLIEST_BUSINESS_DATE, LATEST_BUSINESS_DATE]).toEqual(["2000-01-01", "2100-12-31"]);
    for (const d of ["2000-01-01", "2026-02-28", "2028-02-29", "2100-12-31"]) {
      expect(isBusinessDate(d), d).toBe(true);
      expect(businessDateProblem(d), d).toBeNull();
    }
  });

  it.each(["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])("refuses %s (the probe's requested date and ERP 'no date' values)", (d) => {
    expect(isIsoDate(d)).toBe(true);
    expect(isBusinessDate(d)).toBe(false);
    expect(businessDateProblem(d)).toBe(BUSINESS_DATE_RANGE_MESSAGE);
    expect(BUSINESS_DATE_RANGE_MESSAGE).toBe("Enter a date from 2000-01-01 to 2100-12-31.");
  });

  it("says what is wrong with a date that is not one", () => {
    expect(businessDateProblem("2026-02-30")).toBe("2026-02-30 is not a real date.");
    expect(businessDateProblem("2026-13-45")).toBe("2026-13-45 is not a real date.");
    for (const d of ["", "26-01-01", "2026-1-5", "2026-01-01T00:00", "+02026-01-01", "2026-01-01\n"]) expect(businessDateProblem(d), JSON.stringify(d)).toBe("Use a date like 2026-12-31.");
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("movement dates", () => {
  it("may be today or tomorrow (a filler ahead of UTC), never later", () => {
    expect(movementDateProblem("2026-06-15", "2026-06-15")).toBeNull();
    expect(movementDateProblem("2026-06-16", "2026-06-15")).toBeNull();
    expect(movementDateProblem("2026-06-17", "2026-06-15")).toBe("A movement records what happened: date it 2026-06-16 or earlier.");
    expect(movementDateProblem("2026-12-31", "2026-12-30")).toBeNull();
    expect(movementDateProblem("2027-01-01", "2026-12-31")).toBeNull();
  });

  it("refuses the probe's 9999-12-31, and dates before the business range", () => {
    expect(movementDateProblem("9999-12-31", "2026-06-15")).toBe(BUSINESS_DATE_RANGE_MESSAGE);
    expect(movementDateProblem("1999-12-31", "2026-06-15")).toBe(BUSINESS_DATE_RANGE_MESSAGE);
    expect(movementDateProblem("2000-01-01", "2026-06-15")).toBeNull();
    expect(movementDateProblem("2026-02-30", "2026-06-15")).toBe("2026-02-30 is not a real date.");
  });
});

describe("business weeks", () => {
  it("are the weeks whose Monday is a business date: 2000-W01 to 2100-W52", () => {
    expect(LATEST_BUSINESS_WEEK).toBe("2100-W52");
    expect(weekStart("2000-W01") >= EARLIEST_BUSINESS_DATE).toBe(true);
    expect(weekStart("1999-W52") < EARLIEST_BUSINESS_DATE).toBe(true);
    expect(isoWeekOf(LATEST_BUSINESS_DATE)).toBe(LATEST_BUSINESS_WEEK);
    expect(isBusinessWeek("2000-W01")).toBe(true);
    expect(isBusinessWeek("2100-W52")).toBe(true);
    expect(isBusinessWeek("1999-W52")).toBe(false);
    expect(isBusinessWeek("2101-W01")).toBe(false);
  });

  it("reads a typed week and refuses one outside the range", () => {
    expect(checkBusinessWeek("2026w5")).toEqual({ value: "2026-W05" });
    expect(checkBusinessWeek("9999-W01")).toEqual({ message: BUSINESS_WEEK_RANGE_MESSAGE });
    expect(checkBusinessWeek("0001-W01")).toEqual({ message: BUSINESS_WEEK_RANGE_MESSAGE });
    expect(checkBusinessWeek("2026-W54")).toEqual({ message: "2026 has no week 54." });
  });
});

describe("clock times and pickup windows", () => {
  it("accepts 00:00 to 23:59 only", () => {
    for (const t of ["00:00", "08:30", "12:00", "23:59"]) expect(isClockTime(t), t).toBe(true);
    for (const t of ["24:00", "25:99", "26:00", "12:60", "8:00", "08:00:00", "08h00", "", " 08:00"]) expect(isClockTime(t), t).toBe(false);
  });

  it("refuses the probe's 25:99–26:00 at both ends", () => {
    expect(pickupWindowProblems("25:99", "26:00")).toEqual({
      windowFrom: "Enter a time from 00:00 to 23:59, like 08:00.",
      windowTo: "Enter a time from 00:00 to 23:59, like 16:00.",
    });
    expect(pickupWindowProblem("25:99–26:00")).toBe("Enter a time from 00:00 to 23:59, like 08:00.");
  });

  it("wants the end after the start", () => {
    expect(pickupWindowProblems("08:00", "16:00")).toEqual({});
    expect(pickupWindowProblems("16:00", "08:00")).toEqual({ windowTo: "The window must end after it starts." });
    expect(pickupWindowProblems("09:00", "09:00")).toEqual({ windowTo: "The window must end after it starts." });
    // compared as times, not as text that happens to sort
    expect(pickupWindowProblems("09:00", "10:00")).toEqual({});
  });

  it("formats and reads back the stored window", () => {
    expect(formatPickupWindow("08:00", "16:00")).toBe("08:00–16:00");
    expect(pickupWindowProblem(formatPickupWindow("08:00", "16:00"))).toBeNull();
    expect(pickupWindowProblem("08:00-16:00")).toBe("Give the pickup window as two times, like 08:00–16:00.");
    expect(pickupWindowProblem("08:00–16:00–17:00")).toBe("Give the pickup window as two times, like 08:00–16:00.");
  });
});

describe("single-line identifiers", () => {
  it.each([
    ["CR/LF", "L1\r\nL2"],
    ["LF", "L1\nL2"],
    ["CR", "L1\rL2"],
    ["tab", "L1\tL2"],
    ["NUL", "L1\u0000"],
    ["DEL", "L1\u007f"],
    ["NEL (C1)", "L1\u0085"],
    ["line separator", "L1\u2028L2"],
    ["paragraph separator", "L1\u2029L2"],
  ])("refuses a lot number with a %s", (_what, lot) => {
    expect(hasControlCharacters(lot)).toBe(true);
    expect(lotProblem(lot)).toBe("A lot number must be on one line: no line breaks, tabs or other control characters.");
  });

  it("accepts ordinary lot numbers, any script, and no lot", () => {
    for (const lot of ["", "L2601", "LOT 7/2026-A", "Partie-Ü-ß", "批次-12", "🍋-1"]) expect(lotProblem(lot), lot).toBeNull();
  });

  it("limits the length, counting characters", () => {
    expect(lotProblem("x".repeat(100))).toBeNull();
    expect(lotProblem("x".repeat(101))).toBe("Use at most 100 characters.");
    expect(lotProblem("🍋".repeat(60), 60)).toBeNull();
    expect(lotProblem("x".repeat(61), 60)).toBe("Use at most 60 characters.");
  });
});
