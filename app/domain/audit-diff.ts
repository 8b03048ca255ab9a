// What changed between the before and after images of an audit entry. Pure.
const IGNORED = new Set(["updatedAt", "version"]);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function diffRecords(before: unknown, after: unknown): FieldChange[] {
  const b = (isObject(before) ? before : {}) as Record<string, unknown>;
  const a = (isObject(after) ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !IGNORED.has(k)).sort();
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, before: b[k] ?? null, after: a[k] ?? null }));
}

function isObject(v: unknown): v is object {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
