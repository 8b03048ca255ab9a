import { json } from "@remix-run/node";

// Any unknown URL: a real 404 status, rendered by the root error boundary.
export async function loader() {
  throw json({ message: "Not found" }, { status: 404 });
}

export async function action() {
  throw json({ message: "Not found" }, { status: 404 });
}

export default function NotFound() {
  return null;
}
