import { csvCell, csvLine, decodeTextUpload, parseCsv } from "../../app/domain/csv";

describe("csvCell escapes formulas and quotes", () => {
  it.each([
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    [null, ""],
    [12, "12"],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("joins a line with CRLF", () => {
    expect(csvLine(["a", "=b", 3])).toBe("a,'=b,3\r\n");
  });
});

describe("parseCsv", () => {
  it("normalises headers and reports the line of every record", () => {
    const r = parseCsv("\uFEFFCode,Lead Time Days\r\nA,1\r\n\r\nB,2\r\n");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header).toEqual(["code", "lead_time_days"]);
    expect(r.rows).toEqual([
      { line: 2, values: { code: "A", lead_time_days: "1" } },
      { line: 4, values: { code: "B", lead_time_days: "2" } },
    ]);
  });

  it("counts a quoted multi-line value as starting on its first line", () => {
    const r = parseCsv('code,description\nA,"two\nlines"\nB,x\n');
    expect(r.ok && r.rows.map((x) => x.line)).toEqual([2, 4]);
  });

  it("counts a quoted value broken with CR LF (a Windows file) as one line break, not two", () => {
    const r = parseCsv('code,description\r\nA,"two\r\nlines"\r\nB,x\r\nC,"three\r\nmore\r\nlines"\r\nD,y\r\n');
    expect(r.ok && r.rows.map((x) => x.line)).toEqual([2, 4, 5, 8]);
  });

  it("names the line of a row with the wrong number of columns", () => {
    const r = parseCsv("a,b\n1,2\n3\n");
    expect(r).toEqual({ ok: false, line: 3, message: "This row has a different number of columns from the header." });
  });

  it("reports an unclosed quote", () => {
    const r = parseCsv('a,b\n1,"oops\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe("A quoted value is never closed.");
  });
});

describe("decodeTextUpload checks content, not the file name", () => {
  it("accepts UTF-8 text", () => {
    expect(decodeTextUpload(new TextEncoder().encode("code\nÄ1\n"))).toBe("code\nÄ1\n");
  });
  it("refuses binary with NUL bytes (e.g. a PNG renamed .csv)", () => {
    expect(decodeTextUpload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toBeNull();
  });
  it("refuses invalid UTF-8", () => {
    expect(decodeTextUpload(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))).toBeNull();
  });
});
