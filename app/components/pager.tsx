import { Link, useLocation } from "@remix-run/react";

/** Keyset pagination links: "next" carries the cursor of the last row shown. */
export function Pager({ nextCursor, hasPrevious }: { nextCursor: string | null; hasPrevious: boolean }) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const first = new URLSearchParams(params);
  first.delete("after");
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("after", nextCursor);
  return (
    <div className="pager">
      {hasPrevious ? <Link to={`?${first.toString()}`}>« First page</Link> : null}
      {nextCursor ? (
        <Link to={`?${next.toString()}`} rel="next">
          Next page »
        </Link>
      ) : null}
    </div>
  );
}
