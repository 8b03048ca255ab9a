// What any request may carry before a route sees it. Pure: the HTTP layer reads the body within
// these limits and asks checkFormFields / checkQuery before Remix parses anything.
//
// Why: a form parser turns `x[150000000]=1` (54 bytes) into an array of 150 million entries, and a
// failed submission's reply serialises it back; a 200 MB form post was read whole. Bounded here, a
// field name can never make the parser allocate more than the body it came in.

/** Bodies that are not file uploads (every ordinary form): about 1 MB. */
export const MAX_FORM_BYTES = 1024 * 1024;
/** multipart/form-data (file uploads; the largest is a 10 MB PO CSV), with room for the other fields. */
export const MAX_UPLOAD_BODY_BYTES = 10 * 1024 * 1024 + 256 * 1024;
/** Fields in one submission (the largest real form, a 300-item × 52-week forecast grid, has ~16,000). */
export const MAX_FIELDS = 20_000;
export const MAX_FIELD_NAME = 200;
/** `lines[N]`: list fields are index-addressed; the only list form, a new PO, has at most 500 lines (MAX_LINES_PER_PO). */
export const MAX_LIST_INDEX = 499;
/** a numeric segment of a dotted name (`new.3.quantity`, `v.12.2027-W05`). */
export const MAX_NAME_NUMBER = 9_999;
export const MAX_QUERY_PARAMS = 200;

export interface Refusal {
  status: 400 | 413 | 415;
  message: string;
}

export type FormValue = string | { size: number };

const BRACKET_INDEX = /\[(\d*)\]/g;

/** Whether a submission's field names and values are within bounds; null when they are. */
export function checkFormFields(entries: Iterable<readonly [string, FormValue]>): Refusal | null {
  let count = 0;
  for (const [name, value] of entries) {
    if (++count > MAX_FIELDS) return { status: 413, message: `This form has too many fields (at most ${MAX_FIELDS.toLocaleString("en")}).` };
    const problem = checkFieldName(name);
    if (problem) return { status: 400, message: problem };
    if (typeof value === "string") {
      if (value.includes("\u0000")) return { status: 400, message: "Text can't contain a NUL character (\\0). Remove it and send the form again." };
      if (name === "__intent__" && !isJsonObject(value)) return { status: 400, message: "The form's button sent something unreadable. Reload the page and try again." };
    }
  }
  return null;
}

function checkFieldName(name: string): string | null {
  if (name.length > MAX_FIELD_NAME) return `A field name is longer than ${MAX_FIELD_NAME} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return "A field name contains a control character.";
  for (const m of name.matchAll(BRACKET_INDEX)) {
    if (m[1] !== "" && (m[1].length > 4 || Number(m[1]) > MAX_LIST_INDEX)) return `A list in this form has more than ${MAX_LIST_INDEX + 1} rows.`;
  }
  for (const segment of name.replace(BRACKET_INDEX, ".").split(".")) {
    if (/^\d+$/.test(segment) && (segment.length > 5 || Number(segment) > MAX_NAME_NUMBER)) return `A field name's number is over ${MAX_NAME_NUMBER}.`;
  }
  return null;
}

function isJsonObject(s: string): boolean {
  try {
    const v = JSON.parse(s);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** The query string of any request: no NUL, a bounded number of parameters. */
export function checkQuery(params: URLSearchParams): Refusal | null {
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_QUERY_PARAMS) return { status: 400, message: "The address has too many parameters." };
    if (name.includes("\u0000") || value.includes("\u0000")) return { status: 400, message: "The address contains a NUL character (%00). Remove it and try again." };
  }
  return null;
}

export type BodyKind = "urlencoded" | "multipart" | "other";

export function bodyKind(contentType: string | null | undefined): BodyKind {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" ? "urlencoded" : type === "multipart/form-data" ? "multipart" : "other";
}

export function bodyLimit(kind: BodyKind): number {
  return kind === "multipart" ? MAX_UPLOAD_BODY_BYTES : MAX_FORM_BYTES;
}

/**
 * Whether a body of this kind and size may go on. The portal's pages send forms only: a JSON or
 * text body is not something any of its routes reads (an empty body is an empty form).
 */
export function checkBody(kind: BodyKind, length: number): Refusal | null {
  if (length > bodyLimit(kind)) return tooLarge(bodyLimit(kind));
  if (kind === "other" && length > 0) return { status: 415, message: "Send this from the portal's own forms (urlencoded or multipart form data)." };
  return null;
}

export function tooLarge(limit: number): Refusal {
  const size = limit >= 2 * 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return { status: 413, message: `The request is too large: the limit is ${size}.` };
}
