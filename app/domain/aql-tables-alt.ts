/**
 * A second, independently encoded copy of the ISO 2859-1:1999 tables in aql-tables.ts, in a different
 * shape. Used ONLY by test/unit/aql.test.ts to cross-check the primary transcription cell by cell; the
 * sampling engine never reads this file.
 *
 * Shape (primary: rows; here: columns)
 * - Table I: per inspection level, the 15 code letters in lot-size order as one string, with the upper
 *   bounds of the lot-size ranges listed once.
 * - II-A/II-B/II-C: per AQL column, the column read top to bottom as runs "LETTER:token": the token holds
 *   from that code letter down to the row before the next run. Tokens: "Ac/Re", "↓", "↑", "-" (blank).
 *   Sample sizes are a separate "LETTER:n" list.
 *
 * Sources (different from the typed-in grids of aql-tables.ts; see its header for the full discussion)
 * - Table I: the `letters` matrix of R/AAZ14Single.R in the R package AQLSchemesCust
 *   (GitHub fjgonzalezmgt/AQLSchemesCust; ANSI/ASQ Z1.4 Table I, which is identical to ISO 2859-1 Table 1),
 *   transposed to columns. A GB/T 2828.1-2012 transcription (CODE_LETTER_TABLE of the [GB] module named in
 *   aql-tables.ts) has the same 105 letters.
 * - II-A, II-B, II-C: re-encoded from the [GB] GB/T 2828.1-2012 (= ISO 2859-1:1999) transcription, which
 *   stores for each initial code letter and AQL the plan reached after following the arrows. A cell whose
 *   plan lies in its own row is that plan; one whose plan lies below was printed "↓", above "↑".
 *   II-A and II-B were also compared with AQLSchemesCust's Z1.4 matrices (same tables in Z1.4): they agree
 *   except II-B A/10, where AQLSchemesCust resolves to D (n = 8, 1/2) and [GB] has 0/1 at A; kept as [GB]
 *   (reasons in the header of aql-tables.ts).
 * - Z1.4 II-C, rows D–R (for documenting the 1999 change only): re-encoded the same way from
 *   AQLSchemesCust's reduced matrices. Rows A–C are left out: there AQLSchemesCust has pairs such as 2/4
 *   and 3/5 that are not in the Z1.4 reduced series, so we do not trust them.
 */
import type { Aql, InspectionLevel } from "./aql-tables";

/** Upper bound (inclusive) of each Table I lot-size range; the first range starts at 2. */
export const ALT_LOT_RANGE_MAX = [8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500000, Infinity] as const;

/** Table I by inspection level: letter i is for the lot-size range ending at ALT_LOT_RANGE_MAX[i]. */
export const ALT_TABLE_I: Readonly<Record<InspectionLevel, string>> = {
  "S-1": "AAAABBBBCCCCDDD",
  "S-2": "AAABBBCCCDDDEEE",
  "S-3": "AABBCCDDEEFFGGH",
  "S-4": "AABCCDEEFGGHJJK",
  I: "AABCCDEFGHJKLMN",
  II: "ABCDEFGHJKLMNPQ",
  III: "BCDEFGHJKLMNPQR",
};

export interface AltMasterTable {
  /** "LETTER:n" for every row, in row order. */
  readonly sampleSizes: string;
  /** Column runs, top to bottom. */
  readonly columns: Readonly<Record<Aql, string>>;
}

export const ALT_II_A: AltMasterTable = {
  sampleSizes: "A:2 B:3 C:5 D:8 E:13 F:20 G:32 H:50 J:80 K:125 L:200 M:315 N:500 P:800 Q:1250 R:2000",
  columns: {
    "0.010": "A:↓ Q:0/1 R:↑",
    "0.015": "A:↓ P:0/1 Q:↑",
    "0.025": "A:↓ N:0/1 P:↑ Q:↓ R:1/2",
    "0.040": "A:↓ M:0/1 N:↑ P:↓ Q:1/2 R:2/3",
    "0.065": "A:↓ L:0/1 M:↑ N:↓ P:1/2 Q:2/3 R:3/4",
    "0.10": "A:↓ K:0/1 L:↑ M:↓ N:1/2 P:2/3 Q:3/4 R:5/6",
    "0.15": "A:↓ J:0/1 K:↑ L:↓ M:1/2 N:2/3 P:3/4 Q:5/6 R:7/8",
    "0.25": "A:↓ H:0/1 J:↑ K:↓ L:1/2 M:2/3 N:3/4 P:5/6 Q:7/8 R:10/11",
    "0.40": "A:↓ G:0/1 H:↑ J:↓ K:1/2 L:2/3 M:3/4 N:5/6 P:7/8 Q:10/11 R:14/15",
    "0.65": "A:↓ F:0/1 G:↑ H:↓ J:1/2 K:2/3 L:3/4 M:5/6 N:7/8 P:10/11 Q:14/15 R:21/22",
    "1.0": "A:↓ E:0/1 F:↑ G:↓ H:1/2 J:2/3 K:3/4 L:5/6 M:7/8 N:10/11 P:14/15 Q:21/22 R:↑",
    "1.5": "A:↓ D:0/1 E:↑ F:↓ G:1/2 H:2/3 J:3/4 K:5/6 L:7/8 M:10/11 N:14/15 P:21/22 Q:↑",
    "2.5": "A:↓ C:0/1 D:↑ E:↓ F:1/2 G:2/3 H:3/4 J:5/6 K:7/8 L:10/11 M:14/15 N:21/22 P:↑",
    "4.0": "A:↓ B:0/1 C:↑ D:↓ E:1/2 F:2/3 G:3/4 H:5/6 J:7/8 K:10/11 L:14/15 M:21/22 N:↑",
    "6.5": "A:0/1 B:↑ C:↓ D:1/2 E:2/3 F:3/4 G:5/6 H:7/8 J:10/11 K:14/15 L:21/22 M:↑",
    "10": "A:↓ C:1/2 D:2/3 E:3/4 F:5/6 G:7/8 H:10/11 J:14/15 K:21/22 L:↑",
    "15": "A:↓ B:1/2 C:2/3 D:3/4 E:5/6 F:7/8 G:10/11 H:14/15 J:21/22 K:↑",
    "25": "A:1/2 B:2/3 C:3/4 D:5/6 E:7/8 F:10/11 G:14/15 H:21/22 J:↑",
    "40": "A:2/3 B:3/4 C:5/6 D:7/8 E:10/11 F:14/15 G:21/22 H:↑",
    "65": "A:3/4 B:5/6 C:7/8 D:10/11 E:14/15 F:21/22 G:↑",
    "100": "A:5/6 B:7/8 C:10/11 D:14/15 E:21/22 F:↑",
    "150": "A:7/8 B:10/11 C:14/15 D:21/22 E:30/31 F:↑",
    "250": "A:10/11 B:14/15 C:21/22 D:30/31 E:44/45 F:↑",
    "400": "A:14/15 B:21/22 C:30/31 D:44/45 E:↑",
    "650": "A:21/22 B:30/31 C:44/45 D:↑",
    "1000": "A:30/31 B:44/45 C:↑",
  },
};

export const ALT_II_B: AltMasterTable = {
  sampleSizes: "A:2 B:3 C:5 D:8 E:13 F:20 G:32 H:50 J:80 K:125 L:200 M:315 N:500 P:800 Q:1250 R:2000 S:3150",
  columns: {
    "0.010": "A:↓ R:0/1 S:-",
    "0.015": "A:↓ Q:0/1 R:↑ S:-",
    "0.025": "A:↓ P:0/1 Q:↓ S:1/2",
    "0.040": "A:↓ N:0/1 P:↓ R:1/2 S:-",
    "0.065": "A:↓ M:0/1 N:↓ Q:1/2 R:2/3 S:-",
    "0.10": "A:↓ L:0/1 M:↓ P:1/2 Q:2/3 R:3/4 S:-",
    "0.15": "A:↓ K:0/1 L:↓ N:1/2 P:2/3 Q:3/4 R:5/6 S:-",
    "0.25": "A:↓ J:0/1 K:↓ M:1/2 N:2/3 P:3/4 Q:5/6 R:8/9 S:-",
    "0.40": "A:↓ H:0/1 J:↓ L:1/2 M:2/3 N:3/4 P:5/6 Q:8/9 R:12/13 S:-",
    "0.65": "A:↓ G:0/1 H:↓ K:1/2 L:2/3 M:3/4 N:5/6 P:8/9 Q:12/13 R:18/19 S:-",
    "1.0": "A:↓ F:0/1 G:↓ J:1/2 K:2/3 L:3/4 M:5/6 N:8/9 P:12/13 Q:18/19 R:↑ S:-",
    "1.5": "A:↓ E:0/1 F:↓ H:1/2 J:2/3 K:3/4 L:5/6 M:8/9 N:12/13 P:18/19 Q:↑ S:-",
    "2.5": "A:↓ D:0/1 E:↓ G:1/2 H:2/3 J:3/4 K:5/6 L:8/9 M:12/13 N:18/19 P:↑ S:-",
    "4.0": "A:↓ C:0/1 D:↓ F:1/2 G:2/3 H:3/4 J:5/6 K:8/9 L:12/13 M:18/19 N:↑ S:-",
    "6.5": "A:↓ B:0/1 C:↓ E:1/2 F:2/3 G:3/4 H:5/6 J:8/9 K:12/13 L:18/19 M:↑ S:-",
    "10": "A:0/1 B:↓ D:1/2 E:2/3 F:3/4 G:5/6 H:8/9 J:12/13 K:18/19 L:↑ S:-",
    "15": "A:↓ C:1/2 D:2/3 E:3/4 F:5/6 G:8/9 H:12/13 J:18/19 K:↑ S:-",
    "25": "A:↓ B:1/2 C:2/3 D:3/4 E:5/6 F:8/9 G:12/13 H:18/19 J:↑ S:-",
    "40": "A:1/2 B:2/3 C:3/4 D:5/6 E:8/9 F:12/13 G:18/19 H:↑ S:-",
    "65": "A:2/3 B:3/4 C:5/6 D:8/9 E:12/13 F:18/19 G:↑ S:-",
    "100": "A:3/4 B:5/6 C:8/9 D:12/13 E:18/19 F:↑ S:-",
    "150": "A:5/6 B:8/9 C:12/13 D:18/19 E:27/28 F:↑ S:-",
    "250": "A:8/9 B:12/13 C:18/19 D:27/28 E:41/42 F:↑ S:-",
    "400": "A:12/13 B:18/19 C:27/28 D:41/42 E:↑ S:-",
    "650": "A:18/19 B:27/28 C:41/42 D:↑ S:-",
    "1000": "A:27/28 B:41/42 C:↑ S:-",
  },
};

export const ALT_II_C: AltMasterTable = {
  sampleSizes: "A:2 B:2 C:2 D:3 E:5 F:8 G:13 H:20 J:32 K:50 L:80 M:125 N:200 P:315 Q:500 R:800",
  columns: {
    "0.010": "A:↓ Q:0/1 R:↑",
    "0.015": "A:↓ P:0/1 Q:↑",
    "0.025": "A:↓ N:0/1 P:↑",
    "0.040": "A:↓ M:0/1 N:↑ P:↓ R:1/2",
    "0.065": "A:↓ L:0/1 M:↑ N:↓ Q:1/2 R:2/3",
    "0.10": "A:↓ K:0/1 L:↑ M:↓ P:1/2 Q:2/3 R:3/4",
    "0.15": "A:↓ J:0/1 K:↑ L:↓ N:1/2 P:2/3 Q:3/4 R:5/6",
    "0.25": "A:↓ H:0/1 J:↑ K:↓ M:1/2 N:2/3 P:3/4 Q:5/6 R:6/7",
    "0.40": "A:↓ G:0/1 H:↑ J:↓ L:1/2 M:2/3 N:3/4 P:5/6 Q:6/7 R:8/9",
    "0.65": "A:↓ F:0/1 G:↑ H:↓ K:1/2 L:2/3 M:3/4 N:5/6 P:6/7 Q:8/9 R:10/11",
    "1.0": "A:↓ E:0/1 F:↑ G:↓ J:1/2 K:2/3 L:3/4 M:5/6 N:6/7 P:8/9 Q:10/11 R:↑",
    "1.5": "A:↓ D:0/1 E:↑ F:↓ H:1/2 J:2/3 K:3/4 L:5/6 M:6/7 N:8/9 P:10/11 Q:↑",
    "2.5": "A:↓ C:0/1 D:↑ E:↓ G:1/2 H:2/3 J:3/4 K:5/6 L:6/7 M:8/9 N:10/11 P:↑",
    "4.0": "A:↓ B:0/1 C:↑ D:↓ F:1/2 G:2/3 H:3/4 J:5/6 K:6/7 L:8/9 M:10/11 N:↑",
    "6.5": "A:0/1 B:↑ C:↓ E:1/2 F:2/3 G:3/4 H:5/6 J:6/7 K:8/9 L:10/11 M:↑",
    "10": "A:↓ D:1/2 E:2/3 F:3/4 G:5/6 H:6/7 J:8/9 K:10/11 L:↑",
    "15": "A:↓ C:1/2 D:2/3 E:3/4 F:5/6 G:6/7 H:8/9 J:10/11 K:↑",
    "25": "A:1/2 C:2/3 D:3/4 E:5/6 F:6/7 G:8/9 H:10/11 J:↑",
    "40": "A:2/3 C:3/4 D:5/6 E:6/7 F:8/9 G:10/11 H:↑",
    "65": "A:3/4 C:5/6 D:6/7 E:8/9 F:10/11 G:↑",
    "100": "A:5/6 C:6/7 D:8/9 E:10/11 F:↑",
    "150": "A:7/8 C:8/9 D:10/11 E:14/15 F:↑",
    "250": "A:10/11 D:14/15 E:21/22 F:↑",
    "400": "A:14/15 D:21/22 E:↑",
    "650": "A:21/22 D:↑",
    "1000": "A:30/31 C:↑",
  },
};

/**
 * ANSI/ASQ Z1.4 (MIL-STD-105E) Table II-C, rows D–R only — NOT used for inspection; kept to document how
 * ISO 2859-1:1999 changed the reduced plans (see the header of aql-tables.ts).
 */
export const ALT_Z14_II_C_D_TO_R: AltMasterTable = {
  sampleSizes: "D:3 E:5 F:8 G:13 H:20 J:32 K:50 L:80 M:125 N:200 P:315 Q:500 R:800",
  columns: {
    "0.010": "D:↓ Q:0/1 R:↑",
    "0.015": "D:↓ P:0/1 Q:↑",
    "0.025": "D:↓ N:0/1 P:↑ Q:↓ R:0/2",
    "0.040": "D:↓ M:0/1 N:↑ P:↓ Q:0/2 R:1/3",
    "0.065": "D:↓ L:0/1 M:↑ N:↓ P:0/2 Q:1/3 R:1/4",
    "0.10": "D:↓ K:0/1 L:↑ M:↓ N:0/2 P:1/3 Q:1/4 R:2/5",
    "0.15": "D:↓ J:0/1 K:↑ L:↓ M:0/2 N:1/3 P:1/4 Q:2/5 R:3/6",
    "0.25": "D:↓ H:0/1 J:↑ K:↓ L:0/2 M:1/3 N:1/4 P:2/5 Q:3/6 R:5/8",
    "0.40": "D:↓ G:0/1 H:↑ J:↓ K:0/2 L:1/3 M:1/4 N:2/5 P:3/6 Q:5/8 R:7/10",
    "0.65": "D:↓ F:0/1 G:↑ H:↓ J:0/2 K:1/3 L:1/4 M:2/5 N:3/6 P:5/8 Q:7/10 R:10/13",
    "1.0": "D:↓ E:0/1 F:↑ G:↓ H:0/2 J:1/3 K:1/4 L:2/5 M:3/6 N:5/8 P:7/10 Q:10/13 R:↑",
    "1.5": "D:0/1 E:↑ F:↓ G:0/2 H:1/3 J:1/4 K:2/5 L:3/6 M:5/8 N:7/10 P:10/13 Q:↑",
    "2.5": "D:↑ E:↓ F:0/2 G:1/3 H:1/4 J:2/5 K:3/6 L:5/8 M:7/10 N:10/13 P:↑",
    "4.0": "D:↓ E:0/2 F:1/3 G:1/4 H:2/5 J:3/6 K:5/8 L:7/10 M:10/13 N:↑",
    "6.5": "D:0/2 E:1/3 F:1/4 G:2/5 H:3/6 J:5/8 K:7/10 L:10/13 M:↑",
    "10": "D:1/3 E:1/4 F:2/5 G:3/6 H:5/8 J:7/10 K:10/13 L:↑",
    "15": "D:1/4 E:2/5 F:3/6 G:5/8 H:7/10 J:10/13 K:↑",
    "25": "D:2/5 E:3/6 F:5/8 G:7/10 H:10/13 J:↑",
    "40": "D:3/6 E:5/8 F:7/10 G:10/13 H:↑",
    "65": "D:5/8 E:7/10 F:10/13 G:↑",
    "100": "D:7/10 E:10/13 F:↑",
    "150": "D:10/13 E:14/17 F:↑",
    "250": "D:14/17 E:21/24 F:↑",
    "400": "D:21/24 E:↑",
    "650": "D:↑",
    "1000": "D:↑",
  },
};

export interface ExpandedAltTable {
  readonly letters: readonly string[];
  readonly sampleSizes: readonly number[];
  /** grid[row][aql column] = printed token. */
  readonly grid: readonly (readonly string[])[];
}

/** Expands the column runs into a row × column grid of tokens; throws if the encoding is malformed. */
export function expandAlt(table: AltMasterTable, aqlOrder: readonly Aql[]): ExpandedAltTable {
  const sizes = table.sampleSizes.split(" ").map((pair) => {
    const [letter, n] = pair.split(":");
    return { letter, n: Number(n) };
  });
  const letters = sizes.map((s) => s.letter);
  const grid: string[][] = letters.map(() => []);
  aqlOrder.forEach((aql, col) => {
    const runs = table.columns[aql].split(" ").map((run) => {
      const sep = run.indexOf(":");
      return { start: letters.indexOf(run.slice(0, sep)), token: run.slice(sep + 1) };
    });
    if (runs[0].start !== 0) throw new Error(`column ${aql} must start at row ${letters[0]}`);
    runs.forEach((run, i) => {
      const end = i + 1 < runs.length ? runs[i + 1].start : letters.length;
      if (run.start < 0 || end <= run.start) throw new Error(`column ${aql}: bad run order`);
      for (let row = run.start; row < end; row++) grid[row][col] = run.token;
    });
  });
  return { letters, sampleSizes: sizes.map((s) => s.n), grid };
}
