import { json } from "@remix-run/node";

/** An unknown or foreign record, or a page this member may not see: always the same 404. */
export function notFound(): never {
  throw json({ message: "Not found" }, { status: 404 });
}

export function badRequest<T>(data: T) {
  return json(data, { status: 400 });
}
