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
