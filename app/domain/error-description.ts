// What a log line may say about an error: the query's shape, the SQLSTATE and the constraint or
// table, the stack frames. Never parameter values (drizzle puts a failed query's parameters, a
// password hash or a token among them, into its message), nor PostgreSQL's `detail`, which quotes
// the row (`Key (email)=(…)`). Pure.

export interface ErrorDescription {
  name: string;
  message: string;
  /** the SQL text with $1, $2 … placeholders, never the values */
  query?: string;
  paramCount?: number;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string[];
  cause?: ErrorDescription;
}

const MAX_DEPTH = 3;
const MAX_FRAMES = 12;

export function describeError(error: unknown, depth = 0): ErrorDescription {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) {
    return { name: typeof error, message: redactMessage(String(error)) };
  }
  const e = error as Error & Record<string, unknown>;
  const out: ErrorDescription = { name: typeof e.name === "string" ? e.name : "Error", message: "" };
  if (typeof e.query === "string" && "params" in e) {
    out.message = "Failed query";
    out.query = e.query.slice(0, 2000);
    out.paramCount = Array.isArray(e.params) ? e.params.length : undefined;
  } else {
    out.message = redactMessage(typeof e.message === "string" ? e.message : String(e));
  }
  const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  out.code = text(e.code);
  out.constraint = text(e.constraint_name) ?? text(e.constraint);
  out.table = text(e.table_name) ?? text(e.table);
  out.column = text(e.column_name) ?? text(e.column);
  if (typeof e.stack === "string") {
    const frames = e.stack.split("\n").filter((l) => /^\s+at /.test(l)).slice(0, MAX_FRAMES).map((l) => l.trim());
    if (frames.length) out.stack = frames;
  }
  if (e.cause !== undefined && depth < MAX_DEPTH) out.cause = describeError(e.cause, depth + 1);
  for (const k of Object.keys(out) as (keyof ErrorDescription)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * A message without the values it may quote: drizzle's "params: …" tail, and PostgreSQL's quoted
 * input (`invalid input syntax for type uuid: "…"`, `… value: "…"`).
 */
export function redactMessage(message: string): string {
  return message
    .replace(/\nparams: [\s\S]*$/, "\nparams: [redacted]")
    .replace(/(: )"[^"\n]*"(\s*$|\n)/g, '$1"[redacted]"$2')
    .replace(/\b(Key \([^)]*\))=\([^)]*\)/g, "$1=([redacted])")
    .slice(0, 2000);
}
