// Small pieces several pages share: the facility picker of the stock and capacity pages, the CSV
// upload form with its line-numbered problems, and the success notice after an action.
import { Form } from "@remix-run/react";
import { FieldMessage } from "./form";
import { ImportProblems } from "./table";

/** A GET form choosing one facility (shown as "Partner: site" unless the site's name says it). */
/** A GET form choosing one record to show (a facility, a partner): a select and a Show button. */
export function PickerForm({ name, label, options, selected }: { name: string; label: string; options: readonly { value: string; label: string }[]; selected: string | null }) {
  return (
    <Form method="get" className="row">
      <div className="field">
        <label htmlFor={name}>{label}</label>
        <select id={name} name={name} defaultValue={selected ?? ""} key={selected ?? ""}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <button type="submit" className="secondary">
          Show
        </button>
      </div>
    </Form>
  );
}

export function FacilityPicker({ facilities, selected }: { facilities: readonly { id: string; name: string; partnerName: string }[]; selected: string | null }) {
  return (
    <PickerForm
      name="facility"
      label="Facility"
      selected={selected}
      options={facilities.map((f) => ({ value: f.id, label: f.name.startsWith(f.partnerName) ? f.name : `${f.partnerName}: ${f.name}` }))}
    />
  );
}

/** Upload a CSV (field "file"); problems found in it are listed by line below the form. */
export function CsvUploadForm({
  label,
  columns,
  errors,
  problems,
  busy,
  hidden = {},
}: {
  label: string;
  columns: string;
  errors?: Record<string, string | undefined> | null;
  problems?: readonly { line: number; message: string }[] | null;
  busy: boolean;
  hidden?: Record<string, string | number>;
}) {
  return (
    <>
      <Form method="post" encType="multipart/form-data" aria-label={label} className="row">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="field">
          <label htmlFor="file">Or upload a CSV ({columns})</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
          <FieldMessage name="file" errors={errors} />
        </div>
        <div className="field">
          <button type="submit" className="secondary" disabled={busy}>
            Upload
          </button>
        </div>
      </Form>
      {problems?.length ? <ImportProblems problems={problems} /> : null}
    </>
  );
}

/** What an action did, announced to screen readers too. */
export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="notice" role="status">
      {message}
    </div>
  );
}
