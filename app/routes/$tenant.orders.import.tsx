import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useMatches, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import type { ImportProblem } from "../domain/po-import";
import { CURRENCIES, INCOTERMS, ORDER_TYPES } from "../domain/po-forms";
import { requireTenantPermission } from "../server/permissions.server";
import { importPurchaseOrderCsv, MAX_PO_CSV_BYTES, MAX_PO_IMPORT_ROWS, PO_CSV_COLUMNS } from "../server/po-import.server";
import { readUploadForm, UploadError } from "../server/upload.server";
import { ImportProblems } from "../components/table";

const SHOWN_PROBLEMS = 500;

type ActionData =
  | { status: "invalid"; message: string; problems: ImportProblem[]; problemCount: number }
  | { status: "imported"; rows: number; created: number; unchanged: number; lines: number; issued: boolean };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:po:any");
  // the column help comes from the server: the CSV module (csv-parse) stays out of the browser bundle
  return json({ columns: PO_CSV_COLUMNS.map((name) => ({ name, help: COLUMN_HELP[name] })), maxMb: MAX_PO_CSV_BYTES / 1024 / 1024, maxRows: MAX_PO_IMPORT_ROWS });
}

function invalid(message: string, problems: ImportProblem[], status: number) {
  return json<ActionData>({ status: "invalid", message, problems: problems.slice(0, SHOWN_PROBLEMS), problemCount: problems.length }, { status });
}

// The page posts with XMLHttpRequest (for upload progress) to `?_data=<route id>`, Remix's data
// endpoint, and gets this JSON back; without JavaScript the same action renders the page.
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:po:any");
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_PO_CSV_BYTES);
  } catch (e) {
    if (e instanceof UploadError) return invalid(e.message, [], e.status);
    throw e;
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return invalid("Choose a CSV file to import.", [], 400);
  const result = await importPurchaseOrderCsv(ctx, new Uint8Array(await file.arrayBuffer()), { issue: form.get("issue") === "1" });
  if (!result.ok) return invalid(result.message, result.problems, result.status);
  const { ok: _ok, ...counts } = result;
  return json<ActionData>({ status: "imported", ...counts });
}

const COLUMN_HELP: Record<(typeof PO_CSV_COLUMNS)[number], string> = {
  po_number: "Required. The ERP's PO number (letters, digits and . _ - /, up to 30). Rows with the same number are one order.",
  revision: "Whole number, 1 or more; empty means 1. A PO already in the portal at this revision is skipped.",
  partner_code: "Required: the partner's code (case does not matter). A partner_name column may be used instead.",
  ship_to: "Required: the ship-to facility's name, as in the portal.",
  currency: `Required: ${CURRENCIES.join(", ")}.`,
  incoterms: `Required: ${INCOTERMS.join(", ")}.`,
  payment_terms: "Optional, e.g. 30 days net.",
  order_type: `${ORDER_TYPES.join(", ")}; empty means standard.`,
  priority: "1 (highest) to 5; empty means 3.",
  line_no: "Required: the line number, unique within the PO.",
  item_code: "Required: the item's code.",
  quantity: "Required: more than 0, up to 3 decimals, in the item's unit of measure.",
  unit_price: "Required: up to 4 decimals, in the PO's currency.",
  requested_date: "Required: YYYY-MM-DD.",
  notes: "Optional notes for the partner.",
};

const plural = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

type Progress = { phase: "idle" } | { phase: "uploading"; percent: number; rows: number | null } | { phase: "importing"; rows: number | null };

export default function ImportPurchaseOrders() {
  const { columns, maxMb, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const routeId = useMatches().at(-1)?.id ?? "";
  const navigation = useNavigation();
  const [progress, setProgress] = useState<Progress>({ phase: "idle" });
  const [result, setResult] = useState<ActionData | null>(null);
  const data = result ?? actionData ?? null;
  const busy = progress.phase !== "idle" || navigation.state === "submitting";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // the plain form post stays the fallback; with JavaScript the file goes up with progress
    if (typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const file = formData.get("file");
    let rows: number | null = null;
    if (file instanceof File) {
      file
        .text()
        .then((t) => {
          rows = Math.max(0, t.split(/\r?\n/).filter((l) => l.trim() !== "").length - 1);
          setProgress((p) => (p.phase === "idle" ? p : { ...p, rows }));
        })
        .catch(() => {});
    }
    setResult(null);
    setProgress({ phase: "uploading", percent: 0, rows });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${window.location.pathname}?_data=${encodeURIComponent(routeId)}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress({ phase: "uploading", percent: Math.round((e.loaded / e.total) * 100), rows });
    };
    xhr.upload.onload = () => setProgress({ phase: "importing", rows });
    xhr.onerror = () => {
      setProgress({ phase: "idle" });
      setResult({ status: "invalid", message: "The upload failed. Check the connection and try again.", problems: [], problemCount: 0 });
    };
    xhr.onload = () => {
      setProgress({ phase: "idle" });
      const redirectTo = xhr.getResponseHeader("X-Remix-Redirect");
      if (redirectTo) {
        window.location.assign(redirectTo);
        return;
      }
      const isRemixError = xhr.getResponseHeader("X-Remix-Error") || xhr.getResponseHeader("X-Remix-Catch");
      try {
        const body = JSON.parse(xhr.responseText) as ActionData;
        if (!isRemixError && body && (body.status === "invalid" || body.status === "imported")) {
          setResult(body);
          return;
        }
      } catch {
        // not JSON: e.g. the Origin check's plain-text refusal
      }
      const message = xhr.status === 413 ? `The file is too large: the limit is ${maxMb} MB.` : `The import failed (${xhr.status || "no answer"}). Reload the page and try again.`;
      setResult({ status: "invalid", message, problems: [], problemCount: 0 });
    };
    xhr.send(formData);
  }

  return (
    <>
      <p>
        <Link to="../orders">« Purchase orders</Link>
      </p>
      <h1>Import purchase orders from CSV</h1>
      <div className="card">
        <p>
          An ERP export: one row per PO line, with a header row naming the columns. The order's own fields (partner, ship-to, currency and so on) repeat
          on every line of the order and must be the same on all of them. The import is all-or-nothing: if any row has a problem, nothing is saved and
          every problem is listed with its line number. A PO number already in the portal at the same revision is skipped, so importing the same file
          twice changes nothing; at another revision it is a problem (revise the order in the portal). Up to {maxMb} MB and {maxRows.toLocaleString("en")}{" "}
          rows.
        </p>
        <table aria-label="Columns">
          <thead>
            <tr>
              <th>Column</th>
              <th>What it holds</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.help}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href="template.csv" download>
            Download the template
          </a>
        </p>
        <Form method="post" encType="multipart/form-data" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="file">CSV file</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={data?.status === "invalid" || undefined} aria-describedby="file-error" />
            <div className="error" id="file-error">
              {data?.status === "invalid" ? data.message : null}
            </div>
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="issue" value="1" /> Issue the orders to the partners (otherwise they are saved as drafts)
            </label>
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Importing…" : "Import"}
          </button>
        </Form>
        {progress.phase === "uploading" ? (
          <p role="status">
            <label htmlFor="upload-progress">Uploading… {progress.percent}%</label>{" "}
            <progress id="upload-progress" max={100} value={progress.percent} />
          </p>
        ) : progress.phase === "importing" ? (
          <p role="status">
            <progress aria-label="Importing" /> Importing {progress.rows === null ? "the" : progress.rows.toLocaleString("en")} rows…
          </p>
        ) : null}
      </div>
      {data?.status === "imported" ? (
        <p className="notice" role="status">
          {`Imported ${plural(data.rows, "row")}: ${plural(data.created, "new purchase order")} ${data.issued ? "issued" : "saved as drafts"} (${plural(data.lines, "line")}), ${data.unchanged} unchanged.`}{" "}
          <Link to="../orders">See the purchase orders</Link>
        </p>
      ) : null}
      {data?.status === "invalid" ? <ImportProblems problems={data.problems} total={data.problemCount} /> : null}
    </>
  );
}
