/**
 * ISO 2859-1:1999 single sampling (app/domain/aql.ts, tables in app/domain/aql-tables.ts).
 *
 * The tables are checked three ways, each able to catch a single wrong cell:
 *  1. cell-by-cell cross-check against a second, independently sourced copy in a different shape
 *     (app/domain/aql-tables-alt.ts: column runs re-encoded from a GB/T 2828.1-2012 transcription, Table I
 *     from the Z1.4 R package AQLSchemesCust — sources in the headers of both table files);
 *  2. a mutation test: every single cell of the parsed primary tables is changed in turn, and the
 *     cross-check must report it;
 *  3. structural invariants, including the standard's diagonal structure with its documented edge cells.
 */
import {
  ALT_II_A,
  ALT_II_B,
  ALT_II_C,
  ALT_LOT_RANGE_MAX,
  ALT_TABLE_I,
  ALT_Z14_II_C_D_TO_R,
  expandAlt,
  type AltMasterTable,
  type ExpandedAltTable,
} from "../../app/domain/aql-tables-alt";
import {
  CODE_LETTERS,
  INSPECTION_LEVELS,
  MASTER_TABLES,
  PREFERRED_AQLS,
  SEVERITIES,
  TABLE_I,
  TABLE_II_A,
  TABLE_II_B,
  TABLE_II_C,
  acceptanceOneStepHigher,
  acceptanceOneStepTighter,
  cellToken,
  classAccepted,
  codeLetterFor,
  isInspectionLevel,
  isSeverity,
  nextHigherAql,
  nextLowerAql,
  parseAql,
  resolveCell,
  samplingPlan,
  type Aql,
  type Cell,
  type CodeLetter,
  type InspectionLevel,
  type MasterTable,
  type SamplingPlan,
  type Severity,
  type TableIRow,
} from "../../app/domain/aql";

const ALT: Record<Severity, AltMasterTable> = { normal: ALT_II_A, tightened: ALT_II_B, reduced: ALT_II_C };
const EXPANDED: Record<Severity, ExpandedAltTable> = {
  normal: expandAlt(ALT_II_A, PREFERRED_AQLS),
  tightened: expandAlt(ALT_II_B, PREFERRED_AQLS),
  reduced: expandAlt(ALT_II_C, PREFERRED_AQLS),
};
const col = (aql: Aql) => PREFERRED_AQLS.indexOf(aql);
const rowIndex = (table: MasterTable, letter: CodeLetter) => table.rows.findIndex((r) => r.letter === letter);

// ---------------------------------------------------------------------------------------------------
// Cross-check: primary (rows, as printed) against alt (column runs, other source)
// ---------------------------------------------------------------------------------------------------

function crossCheckMaster(primary: MasterTable, alt: ExpandedAltTable): string[] {
  const problems: string[] = [];
  if (primary.rows.length !== alt.letters.length) {
    problems.push(`${primary.id}: ${primary.rows.length} rows, alt has ${alt.letters.length}`);
  }
  primary.rows.forEach((row, r) => {
    if (row.letter !== alt.letters[r]) problems.push(`${primary.id} row ${r}: letter ${row.letter}, alt ${alt.letters[r]}`);
    if (row.sampleSize !== alt.sampleSizes[r]) {
      problems.push(`${primary.id} ${row.letter}: sample size ${row.sampleSize}, alt ${alt.sampleSizes[r]}`);
    }
    if (row.cells.length !== PREFERRED_AQLS.length) problems.push(`${primary.id} ${row.letter}: ${row.cells.length} cells`);
    row.cells.forEach((cell, c) => {
      const mine = cellToken(cell);
      const theirs = alt.grid[r]?.[c];
      if (mine !== theirs) problems.push(`${primary.id} ${row.letter}/${PREFERRED_AQLS[c]}: primary ${mine}, alt ${theirs}`);
    });
  });
  return problems;
}

function crossCheckTableI(primary: readonly TableIRow[]): string[] {
  const problems: string[] = [];
  if (primary.length !== ALT_LOT_RANGE_MAX.length) problems.push(`Table I: ${primary.length} rows`);
  primary.forEach((row, i) => {
    const min = i === 0 ? 2 : ALT_LOT_RANGE_MAX[i - 1] + 1;
    if (row.minLot !== min || row.maxLot !== ALT_LOT_RANGE_MAX[i]) {
      problems.push(`Table I row ${i}: ${row.minLot}–${row.maxLot}, alt ${min}–${ALT_LOT_RANGE_MAX[i]}`);
    }
    for (const level of INSPECTION_LEVELS) {
      if (row.letters[level] !== ALT_TABLE_I[level][i]) {
        problems.push(`Table I ${row.minLot}–${row.maxLot} ${level}: ${row.letters[level]}, alt ${ALT_TABLE_I[level][i]}`);
      }
    }
  });
  return problems;
}

describe("cross-check against the independent second transcription", () => {
  it("Table I: every lot-size range and every one of the 105 letters agree", () => {
    expect(crossCheckTableI(TABLE_I)).toEqual([]);
    expect(Object.values(ALT_TABLE_I).every((letters) => letters.length === TABLE_I.length)).toBe(true);
  });

  it.each(SEVERITIES.map((s) => [MASTER_TABLES[s].id, s] as const))(
    "%s: every row, sample size and cell (plans and arrow directions) agree",
    (_id, severity) => {
      const table = MASTER_TABLES[severity];
      expect(crossCheckMaster(table, EXPANDED[severity])).toEqual([]);
      const cells = table.rows.reduce((n, row) => n + row.cells.length, 0);
      expect(cells).toBe(table.rows.length * 26);
    },
  );

  it("compares 1 274 master-table cells in all (16 + 17 + 16 rows × 26 AQLs)", () => {
    expect(SEVERITIES.reduce((n, s) => n + MASTER_TABLES[s].rows.length * 26, 0)).toBe(1274);
  });

  it("the alt encoding itself is well formed (every column covers every row)", () => {
    for (const severity of SEVERITIES) {
      const alt = EXPANDED[severity];
      for (const row of alt.grid) {
        expect(row).toHaveLength(26);
        for (const token of row) expect(token).toMatch(/^(\d+\/\d+|↓|↑|-)$/);
      }
      expect(Object.keys(ALT[severity].columns).sort()).toEqual([...PREFERRED_AQLS].sort());
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Mutation test: any single wrong cell is caught
// ---------------------------------------------------------------------------------------------------

function mutantsOf(cell: Cell): Cell[] {
  switch (cell.kind) {
    case "plan": {
      const out: Cell[] = [
        { kind: "plan", ac: cell.ac + 1, re: cell.re + 1 },
        { kind: "plan", ac: cell.ac, re: cell.re + 1 },
        { kind: "down" },
        { kind: "up" },
        { kind: "blank" },
      ];
      if (cell.ac > 0) out.push({ kind: "plan", ac: cell.ac - 1, re: cell.re - 1 });
      if (cell.ac + 1 < cell.re) out.push({ kind: "plan", ac: cell.ac + 1, re: cell.re });
      return out;
    }
    case "down":
      return [{ kind: "up" }, { kind: "blank" }, { kind: "plan", ac: 0, re: 1 }];
    case "up":
      return [{ kind: "down" }, { kind: "blank" }, { kind: "plan", ac: 0, re: 1 }];
    case "blank":
      return [{ kind: "down" }, { kind: "up" }, { kind: "plan", ac: 1, re: 2 }];
  }
}

function withCell(table: MasterTable, r: number, c: number, cell: Cell): MasterTable {
  return {
    ...table,
    rows: table.rows.map((row, i) => (i !== r ? row : { ...row, cells: row.cells.map((x, j) => (j === c ? cell : x)) })),
  };
}

describe("mutation test: the cross-check reports every single-cell error", () => {
  it.each(SEVERITIES.map((s) => [MASTER_TABLES[s].id, s] as const))(
    "%s: each cell changed in turn (to another plan, another arrow, a blank) is reported",
    (_id, severity) => {
      const table = MASTER_TABLES[severity];
      let mutants = 0;
      const missed: string[] = [];
      table.rows.forEach((row, r) =>
        row.cells.forEach((cell, c) => {
          for (const mutant of mutantsOf(cell)) {
            mutants++;
            const problems = crossCheckMaster(withCell(table, r, c, mutant), EXPANDED[severity]);
            const expected = `${table.id} ${row.letter}/${PREFERRED_AQLS[c]}: primary ${cellToken(mutant)}, alt ${cellToken(cell)}`;
            if (problems.length !== 1 || problems[0] !== expected) missed.push(`${row.letter}/${PREFERRED_AQLS[c]} → ${cellToken(mutant)}`);
          }
        }),
      );
      expect(missed).toEqual([]);
      expect(mutants).toBeGreaterThan(table.rows.length * 26 * 3);
      // The structural diagonal check below is a second, independent detector for the same mutants.
      table.rows.forEach((row, r) =>
        row.cells.forEach((cell, c) => {
          for (const mutant of mutantsOf(cell)) {
            expect(diagonalViolations(withCell(table, r, c, mutant)).length, `${row.letter}/${PREFERRED_AQLS[c]}`).toBeGreaterThan(0);
          }
        }),
      );
    },
  );

  it.each(SEVERITIES.map((s) => [MASTER_TABLES[s].id, s] as const))("%s: each sample size changed by one is reported", (_id, severity) => {
    const table = MASTER_TABLES[severity];
    table.rows.forEach((row, r) => {
      for (const delta of [-1, 1]) {
        const mutated = { ...table, rows: table.rows.map((x, i) => (i === r ? { ...x, sampleSize: x.sampleSize + delta } : x)) };
        expect(crossCheckMaster(mutated, EXPANDED[severity])).toHaveLength(1);
      }
    });
  });

  it("Table I: each letter changed, and each range boundary moved by one, is reported", () => {
    let mutants = 0;
    TABLE_I.forEach((row, i) => {
      for (const level of INSPECTION_LEVELS) {
        for (const other of CODE_LETTERS.filter((l) => l !== row.letters[level])) {
          mutants++;
          const mutated = TABLE_I.map((x, j) => (j === i ? { ...x, letters: { ...x.letters, [level]: other } } : x));
          expect(crossCheckTableI(mutated)).toHaveLength(1);
        }
      }
      for (const change of [{ minLot: row.minLot + 1 }, { minLot: row.minLot - 1 }, { maxLot: row.maxLot + 1 }, { maxLot: row.maxLot - 1 }]) {
        if (!Number.isFinite(row.maxLot) && "maxLot" in change) continue;
        mutants++;
        const mutated = TABLE_I.map((x, j) => (j === i ? { ...x, ...change } : x));
        expect(crossCheckTableI(mutated)).toHaveLength(1);
      }
    });
    expect(mutants).toBe(15 * 7 * 16 + 15 * 4 - 2);
  });
});

// ---------------------------------------------------------------------------------------------------
// Structural invariants
// ---------------------------------------------------------------------------------------------------

/**
 * The diagonal structure of the master tables: one row down (sample size × ~1.6) and one AQL column left
 * (AQL ÷ ~1.6) gives the same cell, so a cell depends on s = row index + column index only. Written out
 * here from the well-known series, with the edge cells the printed tables handle differently.
 */
const NORMAL_SERIES = ["0/1", "↑", "↓", "1/2", "2/3", "3/4", "5/6", "7/8", "10/11", "14/15", "21/22", "30/31", "44/45"]; // from s = 14
const TIGHTENED_SERIES = ["0/1", "↓", "↓", "1/2", "2/3", "3/4", "5/6", "8/9", "12/13", "18/19", "27/28", "41/42"]; // from s = 15
const REDUCED_SERIES = ["0/1", "↑", "↓", "↓", "1/2", "2/3", "3/4", "5/6", "6/7", "8/9", "10/11", "14/15", "21/22"]; // from s = 14

function bySeries(series: readonly string[], first: number, r: number, c: number): string {
  const k = r + c - first;
  if (k < 0) return "↓";
  // The last two plans of each diagonal are printed in rows A–E only; below them the table shows ↑.
  if (k >= series.length - 2 && (r > 4 || k >= series.length)) return "↑";
  return series[k];
}

function expectedCell(severity: Severity, letter: CodeLetter, r: number, c: number): string {
  const aql = PREFERRED_AQLS[c];
  if (severity === "normal") {
    if (letter === "A" && aql === "10") return "↓"; // no row above A for the ↑ diagonal
    if (letter === "R" && aql === "0.015") return "↑"; // no row below R for the ↓ diagonal
    return bySeries(NORMAL_SERIES, 14, r, c);
  }
  if (severity === "tightened") {
    if (letter === "S") return aql === "0.025" ? "1/2" : "-"; // row S exists for 0.025 only
    if (letter === "R" && aql === "0.015") return "↑"; // S/0.015 is blank
    return bySeries(TIGHTENED_SERIES, 15, r, c);
  }
  // reduced: rows A and B have n = 2 like row A of II-A and repeat its plans from AQL 25 upward
  if ((letter === "A" || letter === "B") && c >= col("25")) return bySeries(NORMAL_SERIES, 14, 0, c);
  if (letter === "A" && aql === "10") return "↓";
  if ((letter === "Q" && aql === "0.025") || (letter === "R" && (aql === "0.015" || aql === "0.025"))) return "↑"; // no plan below
  return bySeries(REDUCED_SERIES, 14, r, c);
}

function diagonalViolations(table: MasterTable): string[] {
  const out: string[] = [];
  table.rows.forEach((row, r) =>
    row.cells.forEach((cell, c) => {
      const want = expectedCell(table.severity, row.letter, r, c);
      if (cellToken(cell) !== want) out.push(`${table.id} ${row.letter}/${PREFERRED_AQLS[c]}: ${cellToken(cell)}, diagonal says ${want}`);
    }),
  );
  return out;
}

const planCells = (table: MasterTable) =>
  table.rows.flatMap((row, r) =>
    row.cells.flatMap((cell, c) => (cell.kind === "plan" ? [{ letter: row.letter, r, c, ac: cell.ac, re: cell.re }] : [])),
  );

describe("structural invariants of the master tables", () => {
  it("sample sizes follow the printed series (II-C: the II-A series two rows earlier, 2 2 2 3 5 …)", () => {
    const series = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000];
    expect(TABLE_II_A.rows.map((r) => r.sampleSize)).toEqual(series);
    expect(TABLE_II_B.rows.map((r) => r.sampleSize)).toEqual([...series, 3150]);
    expect(TABLE_II_C.rows.map((r) => r.sampleSize)).toEqual([2, 2, ...series.slice(0, 14)]);
    expect(TABLE_II_A.rows.map((r) => r.letter)).toEqual(CODE_LETTERS.slice(0, 16));
    expect(TABLE_II_B.rows.map((r) => r.letter)).toEqual([...CODE_LETTERS]);
    expect(TABLE_II_C.rows.map((r) => r.letter)).toEqual(CODE_LETTERS.slice(0, 16));
  });

  it.each(SEVERITIES)("%s: Re = Ac + 1 in every plan (normal, tightened, and the 1999 reduced table)", (severity) => {
    const gaps = planCells(MASTER_TABLES[severity]).filter((p) => p.re !== p.ac + 1);
    expect(gaps).toEqual([]);
  });

  it.each(SEVERITIES)("%s: Ac increases left to right along a row and never decreases down a column", (severity) => {
    const table = MASTER_TABLES[severity];
    const plans = planCells(table);
    for (const row of table.rows) {
      const acs = plans.filter((p) => p.letter === row.letter).map((p) => p.ac);
      expect(acs.length, row.letter).toBeGreaterThan(0);
      acs.slice(1).forEach((ac, i) => expect(ac, row.letter).toBeGreaterThan(acs[i]));
    }
    for (let c = 0; c < 26; c++) {
      const acs = plans.filter((p) => p.c === c).map((p) => p.ac);
      expect(acs.length, PREFERRED_AQLS[c]).toBeGreaterThan(0);
      acs.slice(1).forEach((ac, i) => expect(ac, PREFERRED_AQLS[c]).toBeGreaterThanOrEqual(acs[i]));
    }
  });

  it("II-A and II-B: along every diagonal (one row down, one AQL left) the Ac/Re is constant; II-C too from row C", () => {
    for (const table of [TABLE_II_A, TABLE_II_B, TABLE_II_C]) {
      const byDiagonal = new Map<number, Set<string>>();
      for (const p of planCells(table)) {
        if (table === TABLE_II_C && (p.letter === "A" || p.letter === "B")) continue;
        const set = byDiagonal.get(p.r + p.c) ?? new Set<string>();
        set.add(`${p.ac}/${p.re}`);
        byDiagonal.set(p.r + p.c, set);
      }
      for (const [s, set] of byDiagonal) expect([...set], `${table.id} diagonal ${s}`).toHaveLength(1);
    }
  });

  it.each(SEVERITIES)("%s: every cell is what the diagonal structure and the documented edge cells predict", (severity) => {
    expect(diagonalViolations(MASTER_TABLES[severity])).toEqual([]);
  });

  it.each(SEVERITIES)("%s: arrows point toward existing plans and every arrow resolves to one", (severity) => {
    const table = MASTER_TABLES[severity];
    table.rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (cell.kind !== "down" && cell.kind !== "up") return;
        const step = cell.kind === "down" ? 1 : -1;
        let i = r + step;
        while (i >= 0 && i < table.rows.length && table.rows[i].cells[c].kind === cell.kind) i += step;
        const where = `${table.id} ${row.letter}/${PREFERRED_AQLS[c]}`;
        expect(i >= 0 && i < table.rows.length, `${where} points off the table`).toBe(true);
        expect(table.rows[i].cells[c].kind, `${where} points at a non-plan`).toBe("plan");
        const resolved = resolveCell(table, row.letter, c);
        expect(resolved.row.letter).toBe(table.rows[i].letter);
      }),
    );
    expect(table.rows[0].cells.some((c) => c.kind === "up")).toBe(false);
    expect(table.rows[table.rows.length - 1].cells.some((c) => c.kind === "down")).toBe(false);
  });

  it("blank cells exist only in row S of II-B, which no Table I letter and no arrow except from Q/R at 0.025 reaches", () => {
    for (const table of [TABLE_II_A, TABLE_II_B, TABLE_II_C]) {
      for (const row of table.rows) {
        const blanks = row.cells.filter((c) => c.kind === "blank").length;
        expect(blanks, `${table.id} ${row.letter}`).toBe(table === TABLE_II_B && row.letter === "S" ? 25 : 0);
      }
    }
    const reachesS = TABLE_II_B.rows
      .slice(0, 16)
      .flatMap((row) => PREFERRED_AQLS.map((aql, c) => ({ from: `${row.letter}/${aql}`, to: resolveCell(TABLE_II_B, row.letter, c).row.letter })))
      .filter((x) => x.to === "S")
      .map((x) => x.from);
    expect(reachesS).toEqual(["Q/0.025", "R/0.025"]);
  });

  it("II-A: every plan with Ac ≥ 2 has a plan one AQL tighter in the same row (switching score 9.3.3.2)", () => {
    for (const p of planCells(TABLE_II_A).filter((x) => x.ac >= 2)) {
      const left = TABLE_II_A.rows[p.r].cells[p.c - 1];
      expect(left.kind, `${p.letter}/${PREFERRED_AQLS[p.c]}`).toBe("plan");
      if (left.kind === "plan") expect(left.ac).toBeLessThan(p.ac);
    }
  });
});

describe("structural invariants of Table I", () => {
  it("lot-size ranges are contiguous from 2 to 'and over'", () => {
    expect(TABLE_I[0].minLot).toBe(2);
    TABLE_I.slice(1).forEach((row, i) => expect(row.minLot).toBe(TABLE_I[i].maxLot + 1));
    expect(TABLE_I[TABLE_I.length - 1].maxLot).toBe(Infinity);
  });

  it("letters never decrease with lot size, nor from S-1 to S-4 and from I to III", () => {
    const order = (l: CodeLetter) => CODE_LETTERS.indexOf(l);
    for (const level of INSPECTION_LEVELS) {
      TABLE_I.slice(1).forEach((row, i) => expect(order(row.letters[level])).toBeGreaterThanOrEqual(order(TABLE_I[i].letters[level])));
    }
    for (const row of TABLE_I) {
      for (const [a, b] of [["S-1", "S-2"], ["S-2", "S-3"], ["S-3", "S-4"], ["I", "II"], ["II", "III"]] as const) {
        expect(order(row.letters[b])).toBeGreaterThanOrEqual(order(row.letters[a]));
      }
    }
  });

  it("level II steps one letter per range, A to Q; III is one letter later; nothing gives S", () => {
    expect(TABLE_I.map((r) => r.letters.II).join("")).toBe(CODE_LETTERS.slice(0, 15).join(""));
    expect(TABLE_I.map((r) => r.letters.III).join("")).toBe(CODE_LETTERS.slice(1, 16).join(""));
    expect(TABLE_I.flatMap((r) => Object.values(r.letters))).not.toContain("S");
  });
});

// ---------------------------------------------------------------------------------------------------
// Reduced inspection: ISO 2859-1:1999 vs ANSI/ASQ Z1.4
// ---------------------------------------------------------------------------------------------------

describe("reduced inspection: ISO 2859-1:1999 II-C against Z1.4 II-C (rows D–R, documentation of the change)", () => {
  const z14 = expandAlt(ALT_Z14_II_C_D_TO_R, PREFERRED_AQLS);
  const iso = TABLE_II_C.rows.slice(3); // D..R
  /** What each Z1.4 cell became in 1999 (arrows and 0/1 unchanged). */
  const Z14_TO_1999: Record<string, string> = {
    "0/1": "0/1",
    "0/2": "↓",
    "1/3": "1/2",
    "1/4": "2/3",
    "2/5": "3/4",
    "3/6": "5/6",
    "5/8": "6/7",
    "7/10": "8/9",
    "10/13": "10/11",
    "14/17": "14/15",
    "21/24": "21/22",
    "↓": "↓",
    "↑": "↑",
  };

  it("the sample sizes are the same", () => {
    expect(z14.letters).toEqual(iso.map((r) => r.letter));
    expect(z14.sampleSizes).toEqual(iso.map((r) => r.sampleSize));
  });

  it("Z1.4 prints a gap (Re − Ac ≥ 2) in every plan but 0/1; 1999 has Re = Ac + 1 everywhere", () => {
    const z14Plans = z14.grid.flat().filter((t) => t.includes("/")).map((t) => t.split("/").map(Number));
    expect(z14Plans.filter(([ac, re]) => !(ac === 0 && re === 1)).every(([ac, re]) => re - ac >= 2)).toBe(true);
    expect(planCells(TABLE_II_C).every((p) => p.re === p.ac + 1)).toBe(true);
  });

  it("cell by cell, 1999 = the Z1.4 cell mapped as above, except two bottom-edge cells that became ↑", () => {
    const differences: string[] = [];
    iso.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (cellToken(cell) !== Z14_TO_1999[z14.grid[r][c]]) {
          differences.push(`${row.letter}/${PREFERRED_AQLS[c]}: Z1.4 ${z14.grid[r][c]}, 1999 ${cellToken(cell)}`);
        }
      }),
    );
    // Z1.4 Q/0.025 ↓ led to R's 0/2; with 0/2 gone there is no plan below either cell.
    expect(differences).toEqual(["Q/0.025: Z1.4 ↓, 1999 ↑", "R/0.025: Z1.4 0/2, 1999 ↑"]);
  });

  it("the acceptance numbers changed too, not only Re — but always within the range Z1.4 accepted", () => {
    const changedAc = Object.entries(Z14_TO_1999)
      .filter(([z, i]) => z.includes("/") && i.includes("/"))
      .filter(([z, i]) => z.split("/")[0] !== i.split("/")[0])
      .map(([z, i]) => `${z}→${i}`);
    expect(changedAc).toEqual(["1/4→2/3", "2/5→3/4", "3/6→5/6", "5/8→6/7", "7/10→8/9"]);
    for (const [z, i] of Object.entries(Z14_TO_1999).filter(([a, b]) => a.includes("/") && b.includes("/"))) {
      const [zAc, zRe] = z.split("/").map(Number);
      const [iAc] = i.split("/").map(Number);
      expect(iAc).toBeGreaterThanOrEqual(zAc);
      expect(iAc).toBeLessThanOrEqual(zRe - 1);
    }
    // e.g. lot 151–280 (code G) at AQL 6.5 under reduced inspection: 13 items, Z1.4 2/5, ISO 1999 3/4.
    expect(samplingPlan({ lotSize: 200, level: "II", aql: "6.5", severity: "reduced" })).toMatchObject({
      planCodeLetter: "G",
      sampleSize: 13,
      acceptance: 3,
      rejection: 4,
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------

/** Independent resolver over the ALT data: Table I by level string, arrows followed on the alt grid. */
function altPlan(lotSize: number, level: InspectionLevel, aql: Aql, severity: Severity) {
  const range = ALT_LOT_RANGE_MAX.findIndex((max) => lotSize <= max);
  const letter = ALT_TABLE_I[level][range];
  const alt = EXPANDED[severity];
  const c = col(aql);
  let r = alt.letters.indexOf(letter);
  const step = alt.grid[r][c] === "↓" ? 1 : -1;
  while (alt.grid[r][c] === "↓" || alt.grid[r][c] === "↑") r += step;
  const [acceptance, rejection] = alt.grid[r][c].split("/").map(Number);
  const n = alt.sampleSizes[r];
  return {
    codeLetter: letter,
    planCodeLetter: alt.letters[r],
    tableSampleSize: n,
    sampleSize: Math.min(n, lotSize),
    inspectAll: n >= lotSize,
    acceptance,
    rejection,
  };
}

const PLAN_KEYS: (keyof SamplingPlan)[] = [
  "lotSize", "level", "aql", "severity", "codeLetter", "planCodeLetter", "sampleSize", "tableSampleSize", "acceptance", "rejection", "inspectAll",
];

describe("samplingPlan", () => {
  const plan = (lotSize: number, level: InspectionLevel, aql: Aql, severity: Severity = "normal") =>
    samplingPlan({ lotSize, level, aql, severity });

  it("agrees with an independent resolver over the alt tables for every level, AQL, severity and range end", () => {
    const lots = [...new Set([...Array.from({ length: 40 }, (_, i) => i + 2), ...TABLE_I.flatMap((r) => [r.minLot, r.maxLot]), 10_000_000])].filter(
      Number.isFinite,
    );
    let checked = 0;
    const mismatches: string[] = [];
    for (const lotSize of lots) {
      for (const level of INSPECTION_LEVELS) {
        for (const aql of PREFERRED_AQLS) {
          for (const severity of SEVERITIES) {
            const got = JSON.stringify(samplingPlan({ lotSize, level, aql, severity }), PLAN_KEYS);
            const want = JSON.stringify({ lotSize, level, aql, severity, ...altPlan(lotSize, level, aql, severity) }, PLAN_KEYS);
            if (got !== want) mismatches.push(`${got} ≠ ${want}`);
            checked++;
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(30_000);
  });

  it("known plans from the brief, each checked against the tables", () => {
    // The brief listed lot 3200 as code L; 3200 is the top of 1201–3200, which is K at level II.
    expect(plan(3200, "II", "2.5")).toMatchObject({ codeLetter: "K", planCodeLetter: "K", sampleSize: 125, acceptance: 7, rejection: 8, inspectAll: false });
    expect(plan(3201, "II", "2.5")).toMatchObject({ codeLetter: "L", planCodeLetter: "L", sampleSize: 200, acceptance: 10, rejection: 11, inspectAll: false });
    expect(plan(1000, "II", "1.0")).toMatchObject({ codeLetter: "J", planCodeLetter: "J", sampleSize: 80, acceptance: 2, rejection: 3 });
    // D/0.65 is ↓, so is E/0.65; the first plan below is F (20) 0/1.
    expect(plan(50, "II", "0.65")).toEqual({
      lotSize: 50, level: "II", aql: "0.65", severity: "normal",
      codeLetter: "D", planCodeLetter: "F", sampleSize: 20, tableSampleSize: 20, acceptance: 0, rejection: 1, inspectAll: false,
    });
  });

  it("follows ↑ to the first plan above, with that row's sample size", () => {
    expect(plan(2000, "II", "0.15")).toMatchObject({ codeLetter: "K", planCodeLetter: "J", sampleSize: 80, acceptance: 0, rejection: 1 });
    expect(plan(100_000, "II", "4.0")).toMatchObject({ codeLetter: "N", planCodeLetter: "M", sampleSize: 315, acceptance: 21, rejection: 22 });
    expect(plan(600_000, "III", "0.015")).toMatchObject({ codeLetter: "R", planCodeLetter: "P", sampleSize: 800, acceptance: 0, rejection: 1 });
  });

  it("follows ↓ through several arrows", () => {
    expect(plan(8, "II", "10")).toMatchObject({ codeLetter: "A", planCodeLetter: "C", sampleSize: 5, acceptance: 1, rejection: 2, inspectAll: false });
    expect(plan(200, "S-1", "0.40")).toMatchObject({ codeLetter: "B", planCodeLetter: "G", sampleSize: 32, acceptance: 0, rejection: 1 });
  });

  it("tightened inspection, including row S (3150) reached only at AQL 0.025", () => {
    expect(plan(1000, "II", "1.0", "tightened")).toMatchObject({ planCodeLetter: "J", sampleSize: 80, acceptance: 1, rejection: 2 });
    expect(plan(3201, "II", "2.5", "tightened")).toMatchObject({ planCodeLetter: "L", sampleSize: 200, acceptance: 8, rejection: 9 });
    expect(plan(600_000, "II", "0.025", "tightened")).toMatchObject({ codeLetter: "Q", planCodeLetter: "S", sampleSize: 3150, acceptance: 1, rejection: 2 });
    expect(plan(600_000, "III", "0.025", "tightened")).toMatchObject({ codeLetter: "R", planCodeLetter: "S", sampleSize: 3150 });
    expect(plan(5, "II", "10", "tightened")).toMatchObject({ codeLetter: "A", planCodeLetter: "A", sampleSize: 2, acceptance: 0, rejection: 1 });
  });

  it("reduced inspection uses II-C's own sample sizes and the 1999 plans", () => {
    expect(plan(1000, "II", "1.0", "reduced")).toMatchObject({ planCodeLetter: "J", sampleSize: 32, acceptance: 1, rejection: 2 });
    expect(plan(2000, "II", "1.0", "reduced")).toMatchObject({ planCodeLetter: "K", sampleSize: 50, acceptance: 2, rejection: 3 });
    expect(plan(3201, "II", "2.5", "reduced")).toMatchObject({ planCodeLetter: "L", sampleSize: 80, acceptance: 6, rejection: 7 });
    expect(plan(10_001, "II", "6.5", "reduced")).toMatchObject({ codeLetter: "M", planCodeLetter: "L", sampleSize: 80, acceptance: 10, rejection: 11 });
    expect(plan(600_000, "III", "0.025", "reduced")).toMatchObject({ codeLetter: "R", planCodeLetter: "N", sampleSize: 200, acceptance: 0, rejection: 1 });
  });

  it("special levels", () => {
    expect(plan(1000, "S-3", "1.0")).toMatchObject({ codeLetter: "E", planCodeLetter: "E", sampleSize: 13, acceptance: 0, rejection: 1 });
    expect(plan(1_000_000, "S-1", "2.5")).toMatchObject({ codeLetter: "D", planCodeLetter: "C", sampleSize: 5, acceptance: 0, rejection: 1 });
  });

  it("small lots: sample ≥ lot means every item is inspected, sampleSize = lot size, Ac/Re kept", () => {
    expect(plan(5, "II", "0.10")).toEqual({
      lotSize: 5, level: "II", aql: "0.10", severity: "normal",
      codeLetter: "A", planCodeLetter: "K", sampleSize: 5, tableSampleSize: 125, acceptance: 0, rejection: 1, inspectAll: true,
    });
    // Equal counts as well: lot 13 (B) at 1.0 → E (13).
    expect(plan(13, "II", "1.0")).toMatchObject({ planCodeLetter: "E", tableSampleSize: 13, sampleSize: 13, inspectAll: true });
    expect(plan(14, "II", "1.0")).toMatchObject({ planCodeLetter: "E", tableSampleSize: 13, sampleSize: 13, inspectAll: false });
    expect(plan(2, "II", "65")).toMatchObject({ planCodeLetter: "A", tableSampleSize: 2, sampleSize: 2, inspectAll: true, acceptance: 3 });
  });

  it("rejects what the tables do not cover", () => {
    expect(() => samplingPlan({ lotSize: 100, level: "II", aql: "3" as Aql, severity: "normal" })).toThrow(RangeError);
    expect(() => samplingPlan({ lotSize: 100, level: "II", aql: "2.5", severity: "skip" as Severity })).toThrow(RangeError);
    expect(() => samplingPlan({ lotSize: 100, level: "IV" as InspectionLevel, aql: "2.5", severity: "normal" })).toThrow(RangeError);
    expect(() => samplingPlan({ lotSize: 1, level: "II", aql: "2.5", severity: "normal" })).toThrow(RangeError);
  });
});

describe("resolveCell", () => {
  it("refuses a row the table does not have, a bad column and a blank cell", () => {
    expect(() => resolveCell(TABLE_II_A, "S", 0)).toThrow(RangeError);
    expect(() => resolveCell(TABLE_II_A, "A", 26)).toThrow(RangeError);
    expect(() => resolveCell(TABLE_II_B, "S", 0)).toThrow(/blank/);
  });

  it("refuses an arrow that leads nowhere (corrupt table)", () => {
    const corrupt = withCell(TABLE_II_A, rowIndex(TABLE_II_A, "Q"), 0, { kind: "down" });
    expect(() => resolveCell(corrupt, "P", 0)).toThrow(/no plan/);
  });
});

describe("codeLetterFor", () => {
  it.each([
    [8, "II", "A"], [9, "II", "B"],
    [3200, "II", "K"], [3201, "II", "L"],
    [500_000, "II", "P"], [500_001, "II", "Q"],
    [8, "III", "B"], [9, "III", "C"], [500_001, "III", "R"],
    [50, "S-1", "A"], [51, "S-1", "B"], [500_000, "S-1", "D"],
    [150, "S-2", "B"], [151, "S-2", "C"], [500_001, "S-2", "E"],
    [280, "S-3", "D"], [281, "S-3", "D"], [500_000, "S-3", "G"], [500_001, "S-3", "H"],
    [25, "S-4", "B"], [26, "S-4", "C"], [500_000, "S-4", "J"], [500_001, "S-4", "K"],
    [1200, "I", "G"], [1201, "I", "H"], [Number.MAX_SAFE_INTEGER, "I", "N"],
  ] as const)("lot %i at level %s → %s", (lot, level, letter) => {
    expect(codeLetterFor(lot, level)).toBe(letter);
  });

  it("agrees with the alt Table I at both ends of every range, for every level", () => {
    TABLE_I.forEach((row, i) => {
      for (const level of INSPECTION_LEVELS) {
        expect(codeLetterFor(row.minLot, level)).toBe(ALT_TABLE_I[level][i]);
        if (Number.isFinite(row.maxLot)) expect(codeLetterFor(row.maxLot, level)).toBe(ALT_TABLE_I[level][i]);
      }
    });
  });

  it.each([0, 1, 1.5, -5, NaN, Infinity, 2 ** 53])("throws RangeError for lot size %s", (lot) => {
    expect(() => codeLetterFor(lot, "II")).toThrow(RangeError);
  });

  it("throws RangeError for an unknown level", () => {
    expect(() => codeLetterFor(100, "IV" as InspectionLevel)).toThrow(RangeError);
  });
});

describe("parseAql", () => {
  it.each([
    ["2.5", "2.5"], ["2.50", "2.5"], ["2.500", "2.5"],
    ["0.01", "0.010"], ["0.010", "0.010"], ["0.0100", "0.010"], ["00.010", "0.010"],
    ["1", "1.0"], ["1.0", "1.0"], ["1.00", "1.0"],
    ["4", "4.0"], ["0.1", "0.10"], ["0.4", "0.40"], ["0.65", "0.65"],
    ["10", "10"], ["10.0", "10"], ["1000", "1000"], ["1000.00", "1000"],
    [" 6.5 ", "6.5"],
  ])("%j → %s", (input, aql) => {
    expect(parseAql(input)).toBe(aql);
  });

  it("every preferred AQL parses to itself", () => {
    for (const aql of PREFERRED_AQLS) expect(parseAql(aql)).toBe(aql);
  });

  it.each(["3", "abc", "-1", "", " ", "2,5", "1e1", "+2.5", ".65", "1.", "0", "0.0", "0.0001", "NaN", "Infinity", "0x10", "2.5%", "2 .5", "100000", "1,000"])(
    "%j is not a preferred AQL",
    (input) => {
      expect(parseAql(input)).toBeNull();
    },
  );
});

describe("guards", () => {
  it("isInspectionLevel / isSeverity", () => {
    for (const level of INSPECTION_LEVELS) expect(isInspectionLevel(level)).toBe(true);
    for (const s of ["IV", "s-1", "S1", "ii", ""]) expect(isInspectionLevel(s)).toBe(false);
    for (const s of SEVERITIES) expect(isSeverity(s)).toBe(true);
    for (const s of ["Normal", "skip", ""]) expect(isSeverity(s)).toBe(false);
  });
});

describe("classAccepted", () => {
  it("accepts when defects ≤ Ac, rejects from Ac + 1 (= Re)", () => {
    const p = samplingPlan({ lotSize: 1000, level: "II", aql: "1.0", severity: "normal" }); // 2/3
    expect([0, 1, 2, 3, 4].map((d) => classAccepted(p, d))).toEqual([true, true, true, false, false]);
    expect(classAccepted({ acceptance: 0 }, 0)).toBe(true);
    expect(classAccepted({ acceptance: 0 }, 1)).toBe(false);
  });

  it.each([-1, 1.5, NaN])("throws RangeError for a defect count of %s", (d) => {
    expect(() => classAccepted({ acceptance: 2 }, d)).toThrow(RangeError);
  });
});

describe("neighbouring AQLs and the switching score helpers", () => {
  const normal = (lotSize: number, aql: Aql): SamplingPlan => samplingPlan({ lotSize, level: "II", aql, severity: "normal" });

  it("nextHigherAql / nextLowerAql walk the preferred series", () => {
    expect(nextHigherAql("0.010")).toBe("0.015");
    expect(nextHigherAql("6.5")).toBe("10");
    expect(nextHigherAql("1000")).toBeNull();
    expect(nextLowerAql("1.0")).toBe("0.65");
    expect(nextLowerAql("0.010")).toBeNull();
    PREFERRED_AQLS.slice(0, -1).forEach((aql, i) => expect(nextHigherAql(aql)).toBe(PREFERRED_AQLS[i + 1]));
    expect(() => nextHigherAql("3" as Aql)).toThrow(RangeError);
  });

  it("acceptanceOneStepHigher = Ac one step tighter (next LOWER AQL), same row: the ISO 9.3.3.2 comparison", () => {
    expect(acceptanceOneStepHigher(normal(1000, "1.0"))).toBe(1); // J: 1.0 → 2/3, 0.65 → 1/2
    expect(acceptanceOneStepHigher(normal(3201, "2.5"))).toBe(7); // L: 2.5 → 10/11, 1.5 → 7/8
    expect(acceptanceOneStepHigher(normal(100, "65"))).toBe(14); // F: 65 → 21/22, 40 → 14/15
    expect(acceptanceOneStepHigher(normal(2, "0.010"))).toBeNull(); // no tighter AQL
    expect(acceptanceOneStepHigher(normal(1000, "0.15"))).toBeNull(); // J: 0.15 → 0/1, 0.10 is ↓ (another sample size)
    // The plan row after an arrow is used: lot 8 at AQL 10 is A/10 ↓ → C (5) 1/2; C/6.5 is ↓ → null,
    // whereas row A (A/6.5 = 0/1) would wrongly give 0.
    expect(acceptanceOneStepHigher(normal(8, "10"))).toBeNull();
    // Lot 100 at AQL 100: F/100 ↑ → E (13) 21/22; E/65 = 14/15 (row F would wrongly give F/65 = 21).
    expect(acceptanceOneStepHigher(normal(100, "100"))).toBe(14);
  });

  it("acceptanceOneStepTighter is the same function", () => {
    expect(acceptanceOneStepTighter).toBe(acceptanceOneStepHigher);
  });

  it("is never null for a normal plan with Ac ≥ 2, and always smaller than Ac", () => {
    let withAc2 = 0;
    for (const row of TABLE_I) {
      for (const level of INSPECTION_LEVELS) {
        for (const aql of PREFERRED_AQLS) {
          const p = samplingPlan({ lotSize: row.minLot, level, aql, severity: "normal" });
          if (p.acceptance < 2) continue;
          withAc2++;
          const tighter = acceptanceOneStepHigher(p);
          expect(tighter, `${p.planCodeLetter}/${aql}`).not.toBeNull();
          expect(tighter!).toBeLessThan(p.acceptance);
        }
      }
    }
    expect(withAc2).toBeGreaterThan(500);
  });

  it("under tightened or reduced inspection the plan's own table row is used", () => {
    const reduced = samplingPlan({ lotSize: 3201, level: "II", aql: "2.5", severity: "reduced" }); // L (80) 6/7
    expect(acceptanceOneStepHigher(reduced)).toBe(5); // L/1.5 in II-C = 5/6
  });
});

describe("exports", () => {
  it("exposes the constants of the brief", () => {
    expect(INSPECTION_LEVELS).toEqual(["S-1", "S-2", "S-3", "S-4", "I", "II", "III"]);
    expect(SEVERITIES).toEqual(["normal", "tightened", "reduced"]);
    expect(PREFERRED_AQLS).toHaveLength(26);
    expect(MASTER_TABLES.normal).toBe(TABLE_II_A);
    expect(MASTER_TABLES.tightened).toBe(TABLE_II_B);
    expect(MASTER_TABLES.reduced).toBe(TABLE_II_C);
  });
});
