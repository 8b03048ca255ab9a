import {
  addWeeks,
  compareWeeks,
  daysBetween,
  formatWeek,
  isIsoWeek,
  isoWeekOf,
  parseIsoWeek,
  weekEnd,
  weekRange,
  weeksBetween,
  weeksInYear,
  weekStart,
} from "../../app/domain/iso-week";

/** Reference implementation on UTC Dates, independent of the module's day arithmetic. */
function referenceWeek(date: string): string {
  const d = new Date(date + "T00:00:00Z");
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

describe("isoWeekOf", () => {
  it("gives the examples from the brief", () => {
    expect(isoWeekOf("2026-12-31")).toBe("2026-W53");
    expect(isoWeekOf("2027-01-01")).toBe("2026-W53");
    expect(isoWeekOf("2024-12-30")).toBe("2025-W01");
  });

  it("puts 1–3 January in the previous year's last week when they fall before Thursday's week", () => {
    expect(isoWeekOf("2021-01-01")).toBe("2020-W53"); // Friday
    expect(isoWeekOf("2021-01-03")).toBe("2020-W53"); // Sunday
    expect(isoWeekOf("2021-01-04")).toBe("2021-W01"); // Monday
    expect(isoWeekOf("2022-01-01")).toBe("2021-W52"); // Saturday, 2021 has 52
    expect(isoWeekOf("2022-01-02")).toBe("2021-W52");
    expect(isoWeekOf("2023-01-01")).toBe("2022-W52"); // Sunday
    expect(isoWeekOf("2016-01-03")).toBe("2015-W53");
    expect(isoWeekOf("2027-01-03")).toBe("2026-W53");
    expect(isoWeekOf("2027-01-04")).toBe("2027-W01");
  });

  it("puts 29–31 December in the next year's W01 when their Thursday is in January", () => {
    expect(isoWeekOf("2025-12-29")).toBe("2026-W01"); // Monday
    expect(isoWeekOf("2025-12-31")).toBe("2026-W01");
    expect(isoWeekOf("2025-12-28")).toBe("2025-W52"); // Sunday before
    expect(isoWeekOf("2024-12-31")).toBe("2025-W01");
    expect(isoWeekOf("2019-12-30")).toBe("2020-W01");
    expect(isoWeekOf("2030-12-30")).toBe("2031-W01");
  });

  it("keeps ordinary days in their own year", () => {
    expect(isoWeekOf("2026-01-01")).toBe("2026-W01"); // Thursday
    expect(isoWeekOf("2026-01-26")).toBe("2026-W05");
    expect(isoWeekOf("2026-02-01")).toBe("2026-W05");
    expect(isoWeekOf("2026-02-02")).toBe("2026-W06");
    expect(isoWeekOf("2024-02-29")).toBe("2024-W09");
    expect(isoWeekOf("2000-01-01")).toBe("1999-W52");
  });

  it("agrees with a Date-based reference for every day 2014–2036", () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2014, 0, 1); t <= Date.UTC(2036, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (isoWeekOf(date) !== referenceWeek(date)) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it("refuses things that aren't dates", () => {
    expect(() => isoWeekOf("2026-02-30")).toThrow(RangeError);
    expect(() => isoWeekOf("2026-13-01")).toThrow('Not a date (YYYY-MM-DD): "2026-13-01"');
    expect(() => isoWeekOf("2026-1-5")).toThrow(RangeError);
    expect(() => isoWeekOf("2026-01-05T00:00:00Z")).toThrow(RangeError);
    expect(() => isoWeekOf("")).toThrow(RangeError);
    expect(isoWeekOf("2024-02-29")).toBe("2024-W09");
    expect(() => isoWeekOf("2023-02-29")).toThrow(RangeError);
  });
});

describe("weeksInYear", () => {
  it("is 53 for 2015, 2020, 2026, 2032 and 52 around them", () => {
    expect([2015, 2020, 2026, 2032].map(weeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2014, 2016, 2019, 2021, 2024, 2025, 2027, 2031, 2033].map(weeksInYear)).toEqual([52, 52, 52, 52, 52, 52, 52, 52, 52]);
  });

  it("lists exactly the long years 2000–2040 (Thursday 1 Jan, or Wednesday in a leap year)", () => {
    const long: number[] = [];
    for (let y = 2000; y <= 2040; y++) if (weeksInYear(y) === 53) long.push(y);
    expect(long).toEqual([2004, 2009, 2015, 2020, 2026, 2032, 2037]);
  });

  it("matches the week of 28 December, which is always in the year's last week", () => {
    for (let y = 1990; y <= 2060; y++) expect(isoWeekOf(`${y}-12-28`)).toBe(`${y}-W${weeksInYear(y)}`);
  });

  it("refuses a fractional year", () => {
    expect(() => weeksInYear(2026.5)).toThrow(RangeError);
  });
});

describe("weekStart / weekEnd", () => {
  it("gives Monday and Sunday, across year boundaries", () => {
    expect(weekStart("2026-W05")).toBe("2026-01-26");
    expect(weekEnd("2026-W05")).toBe("2026-02-01");
    expect(weekStart("2026-W01")).toBe("2025-12-29");
    expect(weekEnd("2026-W01")).toBe("2026-01-04");
    expect(weekStart("2026-W53")).toBe("2026-12-28");
    expect(weekEnd("2026-W53")).toBe("2027-01-03");
    expect(weekStart("2025-W01")).toBe("2024-12-30");
    expect(weekStart("2020-W53")).toBe("2020-12-28");
    expect(weekEnd("2020-W53")).toBe("2021-01-03");
    expect(weekStart("2021-W01")).toBe("2021-01-04");
  });

  it("refuses weeks that don't exist or aren't canonical", () => {
    expect(() => weekStart("2025-W53")).toThrow('Not an ISO week (YYYY-Www): "2025-W53"');
    expect(() => weekStart("2026-W54")).toThrow(RangeError);
    expect(() => weekStart("2026-W00")).toThrow(RangeError);
    expect(() => weekStart("2026-W5")).toThrow(RangeError);
    expect(() => weekEnd("2026W05")).toThrow(RangeError);
  });

  it("round-trips isoWeekOf(weekStart(w)) and isoWeekOf(weekEnd(w)) for every week 2015–2035", () => {
    let weeks = 0;
    let previousEnd: string | null = null;
    for (let y = 2015; y <= 2035; y++) {
      for (let n = 1; n <= weeksInYear(y); n++) {
        const w = `${y}-W${String(n).padStart(2, "0")}`;
        expect(isoWeekOf(weekStart(w))).toBe(w);
        expect(isoWeekOf(weekEnd(w))).toBe(w);
        expect(daysBetween(weekStart(w), weekEnd(w))).toBe(6);
        // weeks tile the calendar: each starts the day after the previous one ends
        if (previousEnd !== null) expect(daysBetween(previousEnd, weekStart(w))).toBe(1);
        previousEnd = weekEnd(w);
        weeks++;
      }
    }
    // 21 years, of which 2015, 2020, 2026, 2032 have 53 weeks
    expect(weeks).toBe(21 * 52 + 4);
  });
});

describe("addWeeks / weekRange / weeksBetween / compareWeeks", () => {
  it("crosses year ends both ways, including 53-week years", () => {
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(addWeeks("2026-W52", 1)).toBe("2026-W53");
    expect(addWeeks("2027-W01", -1)).toBe("2026-W53");
    expect(addWeeks("2025-W52", 1)).toBe("2026-W01");
    expect(addWeeks("2026-W01", -1)).toBe("2025-W52");
    expect(addWeeks("2026-W05", 0)).toBe("2026-W05");
    expect(addWeeks("2026-W05", 53)).toBe("2027-W05");
    expect(addWeeks("2027-W05", -53)).toBe("2026-W05");
    expect(addWeeks("2025-W05", 52)).toBe("2026-W05");
    expect(addWeeks("2015-W01", 52 * 21 + 4)).toBe("2036-W01");
  });

  it("refuses a fractional number of weeks", () => {
    expect(() => addWeeks("2026-W05", 1.5)).toThrow(RangeError);
    expect(() => weekRange("2026-W05", 2.5)).toThrow(RangeError);
    expect(() => weekRange("2026-W05", -1)).toThrow(RangeError);
  });

  it("lists consecutive weeks", () => {
    expect(weekRange("2026-W51", 5)).toEqual(["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    expect(weekRange("2025-W51", 3)).toEqual(["2025-W51", "2025-W52", "2026-W01"]);
    expect(weekRange("2026-W05", 0)).toEqual([]);
    expect(weekRange("2026-W05", 1)).toEqual(["2026-W05"]);
  });

  it("counts weeks between, signed", () => {
    expect(weeksBetween("2026-W52", "2027-W01")).toBe(2);
    expect(weeksBetween("2025-W52", "2026-W01")).toBe(1);
    expect(weeksBetween("2027-W01", "2026-W52")).toBe(-2);
    expect(weeksBetween("2026-W05", "2027-W05")).toBe(53);
    expect(weeksBetween("2025-W05", "2026-W05")).toBe(52);
    expect(weeksBetween("2026-W10", "2026-W10")).toBe(0);
  });

  it("orders weeks chronologically", () => {
    expect(compareWeeks("2026-W53", "2027-W01")).toBe(-1);
    expect(compareWeeks("2027-W01", "2026-W53")).toBe(1);
    expect(compareWeeks("2026-W05", "2026-W05")).toBe(0);
    expect(["2027-W01", "2026-W10", "2026-W53", "2026-W09"].sort(compareWeeks)).toEqual(["2026-W09", "2026-W10", "2026-W53", "2027-W01"]);
    expect(() => compareWeeks("2026-W5", "2026-W05")).toThrow(RangeError);
  });
});

describe("parseIsoWeek", () => {
  it("accepts the usual spellings and returns the canonical key", () => {
    expect(parseIsoWeek("2026-W05")).toBe("2026-W05");
    expect(parseIsoWeek("2026W05")).toBe("2026-W05");
    expect(parseIsoWeek("2026-w5")).toBe("2026-W05");
    expect(parseIsoWeek("2026w5")).toBe("2026-W05");
    expect(parseIsoWeek(" 2026-W53 ")).toBe("2026-W53");
    expect(parseIsoWeek("2020-W53")).toBe("2020-W53");
    expect(parseIsoWeek("2026-W01")).toBe("2026-W01");
  });

  it("rejects weeks the year doesn't have and garbage", () => {
    expect(parseIsoWeek("2026-W54")).toBeNull();
    expect(parseIsoWeek("2025-W53")).toBeNull();
    expect(parseIsoWeek("2027-W53")).toBeNull();
    expect(parseIsoWeek("2026-W00")).toBeNull();
    expect(parseIsoWeek("2026-W0")).toBeNull();
    expect(parseIsoWeek("2026-W005")).toBeNull();
    expect(parseIsoWeek("26-W05")).toBeNull();
    expect(parseIsoWeek("2026-05")).toBeNull();
    expect(parseIsoWeek("2026-W05-1")).toBeNull();
    expect(parseIsoWeek("2026--W05")).toBeNull();
    expect(parseIsoWeek("W05 2026")).toBeNull();
    expect(parseIsoWeek("2026-01-26")).toBeNull();
    expect(parseIsoWeek("")).toBeNull();
    expect(parseIsoWeek("week 5")).toBeNull();
    expect(parseIsoWeek("0000-W01")).toBeNull();
  });

  it("isIsoWeek only accepts canonical keys of real weeks", () => {
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isIsoWeek("2025-W53")).toBe(false);
    expect(isIsoWeek("2026-w05")).toBe(false);
    expect(isIsoWeek("2026W05")).toBe(false);
  });
});

describe("formatWeek", () => {
  it("names the week, its year and its Monday–Sunday", () => {
    expect(formatWeek("2026-W05")).toBe("W05 2026 (26 Jan – 1 Feb)");
    expect(formatWeek("2026-W53")).toBe("W53 2026 (28 Dec – 3 Jan)");
    expect(formatWeek("2025-W01")).toBe("W01 2025 (30 Dec – 5 Jan)");
    expect(formatWeek("2026-W10")).toBe("W10 2026 (2 Mar – 8 Mar)");
  });
});

describe("daysBetween", () => {
  it("counts calendar days, across leap days and year ends", () => {
    expect(daysBetween("2026-01-01", "2026-01-15")).toBe(14);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2027-01-01", "2026-12-31")).toBe(-1);
  });
});
