/**
 * ISO 2859-1:1999 single sampling plans by attributes, transcribed as data: Table 1 (sample size code
 * letters) and the single-sampling master tables for normal, tightened and reduced inspection. ANSI/ASQ
 * Z1.4 prints the same tables as Table I, II-A, II-B and II-C (ISO numbers them 1, 2-A, 2-B, 2-C); the
 * Z1.4 names are used here. Pure data plus a parser: no I/O.
 *
 * HOW THE TABLES BELOW WERE TRANSCRIBED
 * Each master table is written row by row, one token per AQL column, as the printed table shows it:
 *   "Ac/Re"  a sampling plan (acceptance number / rejection number);
 *   "↓"      use the first sampling plan below the arrow (in the same AQL column);
 *   "↑"      use the first sampling plan above the arrow;
 *   "-"      cell left blank (only row S of II-B, which exists for the 0.025 column alone).
 * The grids were typed from the printed layout and then compared, cell by cell after following the
 * arrows, with two public transcriptions (see also app/domain/aql-tables-alt.ts, which re-encodes them
 * in a different shape, and test/unit/aql.test.ts, which cross-checks every cell):
 *   [GB]  a TypeScript implementation of GB/T 2828.1-2012, the Chinese adoption of ISO 2859-1:1999
 *         (identical), module `aql.ts` (tables MASTER_2A_RAW / MASTER_2B_RAW / MASTER_2C_RAW). It stores,
 *         for each initial code letter and AQL, the plan reached after the arrows (letter, n, Ac) and
 *         states that every cell was checked against the printed GB/T 2828.1-2012 tables (pp. 15–17).
 *         Agrees with the grids below in all 1 274 cells of II-A, II-B and II-C, and with Table I.
 *   [Z14] the R package AQLSchemesCust (GitHub fjgonzalezmgt/AQLSchemesCust, R/AAZ14Single.R, derived from
 *         J. Lawson's AQLSchemes): ANSI/ASQ Z1.4 Table I and resolved II-A/II-B/II-C matrices. Table I and
 *         II-A agree in every cell; II-B agrees in every cell but one (A/10, below); its II-C is the Z1.4
 *         reduced table, which ISO 2859-1:1999 changed (below).
 *
 * REDUCED INSPECTION: ISO 2859-1:1999 vs ANSI/ASQ Z1.4 (MIL-STD-105E, ISO 2859-1:1989)
 * - Z1.4 Table II-C prints reduced plans with a gap between Ac and Re: along a diagonal
 *   0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 (14/17 21/24 in the top rows). With Ac < d < Re the lot is
 *   accepted but normal inspection is reinstated (MIL-STD-105E 4.7.4 b, same in Z1.4 and ISO 2859-1:1989);
 *   the switch to reduced inspection uses the limit numbers of Table VIII.
 * - ISO 2859-1:1999 (2nd edition) replaced the limit numbers by the switching score (clause 9.3.3; the
 *   national foreword of IS 2500 (Part 1):2000, which is identical with ISO 2859-1:1999, lists "a new
 *   procedure for switching from normal to reduced inspection" among the significant changes) and its
 *   Table 2-C has Re = Ac + 1 in every cell, so the accept-but-reinstate zone is gone: reduced inspection
 *   returns to normal when a lot is not accepted. Confirmed by [GB] (Re = Ac + 1 throughout its 2-C).
 * - It is NOT only "Re moved to Ac + 1": the acceptance numbers changed too. The 1999 series along a
 *   diagonal is 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 (14/15 21/22 in rows ≤ E), against Z1.4's
 *   0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13: Z1.4's 0/2 became an arrow, and every 1999 Ac lies inside
 *   the range Z1.4 accepted, Ac(Z1.4) ≤ Ac(1999) ≤ Re(Z1.4) − 1 (e.g. F/6.5: Z1.4 1/4, 1999 2/3; J/6.5:
 *   Z1.4 5/8, 1999 6/7). Sample sizes are unchanged (2 2 2 3 5 8 13 20 32 50 80 125 200 315 500 800).
 *   The simpler reading "Z1.4's Ac with Re := Ac + 1" is wrong: an earlier revision of [GB]'s own tests
 *   expected exactly that (e.g. reduced K/1.0 = 1/2); its later revision, whose fixtures cite the pages
 *   of the printed standard, has the values below (K/1.0 = 2/3). [GB]'s 2-C contains the pairs 6/7 and
 *   8/9, which occur in no other table; that matches our recollection of the printed GB/T 2828.1 2-C.
 * - Caveat: the text of ISO 2859-1:1999 itself was not available to us; the above rests on [GB], the
 *   national foreword and the table structure. The Z1.4 reduced rows D–R are kept in aql-tables-alt.ts
 *   only to document the difference (tested in aql.test.ts).
 *
 * II-B, ROW A, AQL 10: [Z14] resolves this cell by an arrow down to D (n = 8, 1/2); [GB] has the plan 0/1
 * at A (n = 2). We follow [GB]: it was checked against the printed table; the tightened 0/1 diagonal then
 * runs unbroken from R/0.010 to A/10 (II-B has no ↑ between 0/1 and 1/2); and n = 2, Ac = 0 gives
 * Pa(10 %) = 0.81, in line with its diagonal neighbours B/6.5 and C/4.0 (0.82).
 *
 * WHERE THE PRINTED TABLES DEPART FROM THEIR DIAGONAL PATTERN (all at the table edges; tested explicitly)
 * - II-A: A/10 is ↓ (the ↑ diagonal cannot start in the first row); R/0.015 is ↑ (no row below R).
 * - II-B: R/0.015 is ↑ (row S has no plan in that column); row S has only the 0.025 plan 1/2.
 * - II-C: rows A and B (n = 2, like row A of II-A) repeat II-A's row A plans from AQL 25 upward;
 *         Q/0.025, R/0.015 and R/0.025 are ↑ (no plan below them).
 * - Upper right of all three: the two highest plans of a diagonal exist only in rows A–E; below, ↑.
 *
 * AQLs above 10 apply to nonconformities per 100 units only (ISO 2859-1 5.2); the tables cover all 26.
 */

export const INSPECTION_LEVELS = ["S-1", "S-2", "S-3", "S-4", "I", "II", "III"] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

export const SEVERITIES = ["normal", "tightened", "reduced"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PREFERRED_AQLS = [
  "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5",
  "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250", "400", "650", "1000",
] as const;
export type Aql = (typeof PREFERRED_AQLS)[number];

/** Code letters as printed (no I, no O). S exists only in II-B; Table I never gives S. */
export const CODE_LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S"] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

// ---------------------------------------------------------------------------------------------------
// Table I — sample size code letters
// ---------------------------------------------------------------------------------------------------

export interface TableIRow {
  readonly minLot: number;
  /** Inclusive; Infinity for "500 001 and over". */
  readonly maxLot: number;
  readonly letters: Readonly<Record<InspectionLevel, CodeLetter>>;
}

// prettier-ignore
const TABLE_I_SOURCE = `
#  lot size           special levels      general levels
#                     S-1 S-2 S-3 S-4      I  II  III
        2-8         |  A   A   A   A   |   A   A   B
        9-15        |  A   A   A   A   |   A   B   C
       16-25        |  A   A   B   B   |   B   C   D
       26-50        |  A   B   B   C   |   C   D   E
       51-90        |  B   B   C   C   |   C   E   F
       91-150       |  B   B   C   D   |   D   F   G
      151-280       |  B   C   D   E   |   E   G   H
      281-500       |  B   C   D   E   |   F   H   J
      501-1200      |  C   C   E   F   |   G   J   K
     1201-3200      |  C   D   E   G   |   H   K   L
     3201-10000     |  C   D   F   G   |   J   L   M
    10001-35000     |  C   D   F   H   |   K   M   N
    35001-150000    |  D   E   G   J   |   L   N   P
   150001-500000    |  D   E   G   J   |   M   P   Q
   500001-          |  D   E   H   K   |   N   Q   R
`;

// ---------------------------------------------------------------------------------------------------
// Tables II-A, II-B, II-C — single sampling plans (master tables)
// Row format: code letter, sample size, then one token per AQL column (order of PREFERRED_AQLS).
// ---------------------------------------------------------------------------------------------------

// prettier-ignore
const TABLE_II_A_SOURCE = `
# II-A  normal inspection
#          0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
  A     2 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31
  B     3 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45
  C     5 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑
  D     8 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑
  E    13 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31 44/45 ↑     ↑     ↑
  F    20 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑
  G    32 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑
  H    50 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  J    80 | ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  K   125 | ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  L   200 | ↓     ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  M   315 | ↓     ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  N   500 | ↓     ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  P   800 | ↓     0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  Q  1250 | 0/1   ↑     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  R  2000 | ↑     ↑     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
`;

// prettier-ignore
const TABLE_II_B_SOURCE = `
# II-B  tightened inspection
#          0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
  A     2 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28
  B     3 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42
  C     5 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑
  D     8 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑
  E    13 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 27/28 41/42 ↑     ↑     ↑
  F    20 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑
  G    32 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑
  H    50 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  J    80 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  K   125 | ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  L   200 | ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  M   315 | ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  N   500 | ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  P   800 | ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  Q  1250 | ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  R  2000 | 0/1   ↑     ↓     1/2   2/3   3/4   5/6   8/9   12/13 18/19 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  S  3150 | -     -     1/2   -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -
`;

// prettier-ignore
const TABLE_II_C_SOURCE = `
# II-C  reduced inspection (ISO 2859-1:1999: Re = Ac + 1 everywhere; see the header)
#          0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10    15    25    40    65    100   150   250   400   650   1000
  A     2 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31
  B     2 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 30/31
  C     2 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑
  D     3 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑     ↑
  E     5 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 14/15 21/22 ↑     ↑     ↑
  F     8 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑
  G    13 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑
  H    20 | ↓     ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  J    32 | ↓     ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  K    50 | ↓     ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  L    80 | ↓     ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  M   125 | ↓     ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  N   200 | ↓     ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  P   315 | ↓     0/1   ↑     ↓     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  Q   500 | 0/1   ↑     ↑     ↓     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
  R   800 | ↑     ↑     ↑     1/2   2/3   3/4   5/6   6/7   8/9   10/11 ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
`;

// ---------------------------------------------------------------------------------------------------
// Typed structures and parsers
// ---------------------------------------------------------------------------------------------------

export type Cell =
  | { readonly kind: "plan"; readonly ac: number; readonly re: number }
  | { readonly kind: "down" }
  | { readonly kind: "up" }
  | { readonly kind: "blank" };

export interface MasterRow {
  readonly letter: CodeLetter;
  readonly sampleSize: number;
  /** One cell per AQL, in the order of PREFERRED_AQLS. */
  readonly cells: readonly Cell[];
}

export interface MasterTable {
  readonly id: "II-A" | "II-B" | "II-C";
  readonly severity: Severity;
  /** In code letter order, A first. */
  readonly rows: readonly MasterRow[];
}

/** Index of an AQL in PREFERRED_AQLS (= its column in the master tables), or -1. */
export function aqlIndex(aql: string): number {
  return (PREFERRED_AQLS as readonly string[]).indexOf(aql);
}

/** The printed token for a cell ("0/1", "↓", "↑", "-"). */
export function cellToken(cell: Cell): string {
  switch (cell.kind) {
    case "plan":
      return `${cell.ac}/${cell.re}`;
    case "down":
      return "↓";
    case "up":
      return "↑";
    case "blank":
      return "-";
  }
}

/** Parses one printed token; throws on anything else. */
export function parseCellToken(token: string): Cell {
  if (token === "↓") return { kind: "down" };
  if (token === "↑") return { kind: "up" };
  if (token === "-") return { kind: "blank" };
  const m = /^(\d+)\/(\d+)$/.exec(token);
  if (!m) throw new Error(`not a master table cell: ${JSON.stringify(token)}`);
  const ac = Number(m[1]);
  const re = Number(m[2]);
  if (re <= ac) throw new Error(`rejection number must exceed acceptance number: ${token}`);
  return { kind: "plan", ac, re };
}

function dataLines(source: string): string[] {
  return source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function parseMasterTable(id: MasterTable["id"], severity: Severity, source: string): MasterTable {
  const rows = dataLines(source).map((line, i): MasterRow => {
    const m = /^([A-Z])\s+(\d+)\s*\|\s*(.*)$/.exec(line);
    if (!m) throw new Error(`${id}: malformed row ${JSON.stringify(line)}`);
    const letter = m[1] as CodeLetter;
    if (letter !== CODE_LETTERS[i]) throw new Error(`${id}: row ${i} is ${letter}, expected ${CODE_LETTERS[i]}`);
    const tokens = m[3].split(/\s+/);
    if (tokens.length !== PREFERRED_AQLS.length) {
      throw new Error(`${id}: row ${letter} has ${tokens.length} cells, expected ${PREFERRED_AQLS.length}`);
    }
    return { letter, sampleSize: Number(m[2]), cells: tokens.map(parseCellToken) };
  });
  return { id, severity, rows };
}

function parseTableI(source: string): TableIRow[] {
  return dataLines(source).map((line) => {
    const m = /^(\d+)-(\d*)\s*\|\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\|\s*(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`Table I: malformed row ${JSON.stringify(line)}`);
    const letters = {} as Record<InspectionLevel, CodeLetter>;
    INSPECTION_LEVELS.forEach((level, i) => {
      const letter = m[3 + i];
      if (!(CODE_LETTERS as readonly string[]).includes(letter)) throw new Error(`Table I: bad letter ${letter}`);
      letters[level] = letter as CodeLetter;
    });
    return { minLot: Number(m[1]), maxLot: m[2] === "" ? Infinity : Number(m[2]), letters };
  });
}

/** Table I: one row per lot size range, from 2–8 to 500 001 and over. */
export const TABLE_I: readonly TableIRow[] = parseTableI(TABLE_I_SOURCE);
/** Table II-A, single sampling plans for normal inspection (rows A–R). */
export const TABLE_II_A: MasterTable = parseMasterTable("II-A", "normal", TABLE_II_A_SOURCE);
/** Table II-B, single sampling plans for tightened inspection (rows A–S). */
export const TABLE_II_B: MasterTable = parseMasterTable("II-B", "tightened", TABLE_II_B_SOURCE);
/** Table II-C, single sampling plans for reduced inspection, ISO 2859-1:1999 (rows A–R). */
export const TABLE_II_C: MasterTable = parseMasterTable("II-C", "reduced", TABLE_II_C_SOURCE);

export const MASTER_TABLES: Readonly<Record<Severity, MasterTable>> = {
  normal: TABLE_II_A,
  tightened: TABLE_II_B,
  reduced: TABLE_II_C,
};
