import {
  bodyKind,
  checkBody,
  checkFormFields,
  checkQuery,
  MAX_FIELDS,
  MAX_FORM_BYTES,
  MAX_LIST_INDEX,
  MAX_UPLOAD_BODY_BYTES,
} from "../../app/domain/request-limits";
import { MAX_LINES_PER_PO } from "../../app/domain/po-import";

const form = (s: string) => new URLSearchParams(s);

describe("checkFormFields", () => {
  it("lets the largest list form through whole: a new PO's 500 lines", () => {
    expect(MAX_LIST_INDEX + 1).toBe(MAX_LINES_PER_PO);
  });

  it("lets an ordinary form through", () => {
    expect(checkFormFields(form("email=a%40b.test&password=x&redirectTo="))).toBeNull();
    expect(checkFormFields(form(`lines[0].itemId=x&lines[${MAX_LIST_INDEX}].quantity=1&qty.7d3c1f0e-0000-4000-8000-000000000001=5&v.12.2027-W05=3`))).toBeNull();
  });

  it.each([
    ["the probe's x[150000000]", "email=a%40b.test&password=x&redirectTo=&x[150000000]=1"],
    ["x[5000000]", "x[5000000]=1"],
    ["lines[9999] on the new-PO form", "lines[9999].itemId=x"],
    ["one past the largest list", `lines[${MAX_LIST_INDEX + 1}].quantity=1`],
    ["an index with leading zeros", "x[0000001000]=1"],
    ["a nested huge index", "a[0].b[123456]=1"],
    ["a huge dotted number", "new.150000000.quantity=1"],
  ])("refuses %s with a 400", (_label, body) => {
    const refusal = checkFormFields(form(body));
    expect(refusal?.status).toBe(400);
    expect(refusal?.message).toMatch(/rows|number/);
  });

  it("refuses more fields than any form has", () => {
    const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`f${i}`, "1"] as const);
    expect(checkFormFields(many)?.status).toBe(413);
    expect(checkFormFields(many.slice(0, MAX_FIELDS))).toBeNull();
  });

  it("refuses a NUL in any value, and control characters or very long names", () => {
    expect(checkFormFields(form("description=a%00b"))?.message).toMatch(/NUL/);
    expect(checkFormFields(form("a%00b=1"))?.status).toBe(400);
    expect(checkFormFields([["x".repeat(201), "1"]])?.status).toBe(400);
  });

  it("refuses a conform intent that is not a JSON object", () => {
    expect(checkFormFields(form("__intent__=%7Bnot-json"))?.status).toBe(400);
    expect(checkFormFields(form("__intent__=42"))?.status).toBe(400);
    expect(checkFormFields(form('__intent__={"type":"insert","payload":{"name":"lines"}}'))).toBeNull();
  });

  it("counts a file by its size, never by its bytes", () => {
    expect(checkFormFields([["file", { size: 5_000_000 }], ["note", "ok"]])).toBeNull();
  });
});

describe("checkQuery", () => {
  it("refuses a NUL in a filter and too many parameters", () => {
    expect(checkQuery(new URLSearchParams("q=a%00"))?.status).toBe(400);
    expect(checkQuery(new URLSearchParams(Array.from({ length: 201 }, (_, i) => `p${i}=1`).join("&")))?.status).toBe(400);
    expect(checkQuery(new URLSearchParams("q=widgets&status=issued&after=abc"))).toBeNull();
  });
});

describe("bodies", () => {
  it("knows the kinds a form is sent as", () => {
    expect(bodyKind("application/x-www-form-urlencoded;charset=UTF-8")).toBe("urlencoded");
    expect(bodyKind("multipart/form-data; boundary=x")).toBe("multipart");
    expect(bodyKind("application/json")).toBe("other");
    expect(bodyKind(undefined)).toBe("other");
  });

  it("holds a form to about 1 MB and an upload to its own limit", () => {
    expect(checkBody("urlencoded", MAX_FORM_BYTES)).toBeNull();
    expect(checkBody("urlencoded", MAX_FORM_BYTES + 1)?.status).toBe(413);
    expect(checkBody("multipart", MAX_FORM_BYTES + 1)).toBeNull();
    expect(checkBody("multipart", MAX_UPLOAD_BODY_BYTES + 1)?.status).toBe(413);
  });

  it("refuses a JSON or text body (no route reads one), but not an empty one", () => {
    expect(checkBody("other", 10)?.status).toBe(415);
    expect(checkBody("other", 0)).toBeNull();
  });
});
