import { Form } from "@remix-run/react";

/** The row a table shows when it has nothing to list. */
export function EmptyRow({ show, columns, children }: { show: boolean; columns: number; children: React.ReactNode }) {
  if (!show) return null;
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

/** Deactivate / reactivate a record, carrying its version so a stale page can't overwrite a newer one. */
export function ActiveToggleForm({
  active,
  version,
  deactivateLabel,
  reactivateLabel,
}: {
  active: boolean;
  version: number;
  deactivateLabel: string;
  reactivateLabel: string;
}) {
  return (
    <Form method="post" style={{ marginTop: 12 }}>
      <input type="hidden" name="version" value={version} />
      {active ? (
        <button type="submit" name="intent" value="deactivate" className="danger">
          {deactivateLabel}
        </button>
      ) : (
        <button type="submit" name="intent" value="reactivate" className="secondary">
          {reactivateLabel}
        </button>
      )}
    </Form>
  );
}

/** The line-numbered problems of a CSV import; `total` says how many there were when only some are shown. */
export function ImportProblems({ problems, total }: { problems: readonly { line: number; message: string }[]; total?: number }) {
  if (!problems.length) return null;
  return (
    <>
      {total !== undefined && total > problems.length ? (
        <p className="muted">
          The first {problems.length} of {total} problems:
        </p>
      ) : null}
      <table aria-label="Problems">
        <thead>
          <tr>
            <th>Line</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.line}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
