import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ImportProblems } from "../components/table";
import { decodeTextUpload, ITEM_CSV_COLUMNS, validateItemCsv, type ImportProblem } from "../server/item-import.server";
import { importItems } from "../server/items.server";
import { requireTenantPermission } from "../server/permissions.server";
import { MAX_CSV_BYTES, readUploadForm, UploadError } from "../server/upload.server";

type ActionData =
  | { status: "invalid"; message: string; problems: ImportProblem[] }
  | { status: "imported"; created: number; updated: number; unchanged: number };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireTenantPermission(request, params.tenant, "manage:item:any");
  return json({ columns: ITEM_CSV_COLUMNS, maxMb: MAX_CSV_BYTES / 1024 / 1024 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireTenantPermission(request, params.tenant, "manage:item:any");
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_CSV_BYTES);
  } catch (e) {
    if (e instanceof UploadError) return json<ActionData>({ status: "invalid", message: e.message, problems: [] }, { status: e.status });
    throw e;
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    return json<ActionData>({ status: "invalid", message: "Choose a CSV file to import.", problems: [] }, { status: 400 });
  }
  const text = decodeTextUpload(new Uint8Array(await file.arrayBuffer()));
  if (text === null) {
    return json<ActionData>({ status: "invalid", message: "This file is not a CSV text file (UTF-8).", problems: [] }, { status: 415 });
  }
  const { items, problems } = validateItemCsv(text);
  if (problems.length) {
    return json<ActionData>(
      { status: "invalid", message: `Nothing was imported: ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix first.`, problems: problems.slice(0, 500) },
      { status: 400 },
    );
  }
  const result = await importItems(ctx, items);
  return json<ActionData>({ status: "imported", ...result });
}

export default function ImportItems() {
  const { columns, maxMb } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="../items">« Items</Link>
      </p>
      <h1>Import items from CSV</h1>
      <div className="card">
        <p>
          One item per row, with a header row naming the columns: <code>{columns.join(", ")}</code>. <code>standard_cost</code> may be empty. A row whose{" "}
          <code>code</code> already exists updates that item; an identical row changes nothing. The import is all-or-nothing: if any row has a
          problem, nothing is saved and every problem is listed with its line number. Up to {maxMb} MB.
        </p>
        <p>
          <a href="template.csv" download>
            Download the template
          </a>
        </p>
        <Form method="post" encType="multipart/form-data">
          <div className="field">
            <label htmlFor="file">CSV file</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={data?.status === "invalid" || undefined} aria-describedby="file-error" />
            <div className="error" id="file-error">
              {data?.status === "invalid" ? data.message : null}
            </div>
          </div>
          <button type="submit" disabled={busy}>
            {busy ? "Importing…" : "Import"}
          </button>
        </Form>
      </div>
      {data?.status === "imported" ? (
        <p className="notice" role="status">
          Imported: {data.created} new, {data.updated} updated, {data.unchanged} unchanged.
        </p>
      ) : null}
      {data?.status === "invalid" ? <ImportProblems problems={data.problems} /> : null}
    </>
  );
}
