import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  Link,
} from "@remix-run/react";
import styles from "./styles.css";
import { getCurrentUser } from "./server/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Supplier Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request);
  const headers = new Headers();
  if (current?.refreshCookie) headers.append("Set-Cookie", current.refreshCookie);
  return json({ user: current ? { email: current.user.email, name: current.user.name } : null }, { headers });
}

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Never show a stack trace, SQL or a secret: only the status and a plain message.
  let title = "Something went wrong";
  let message = "The error was logged. Try again, and tell your administrator if it keeps happening.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      message = "There is nothing here, or you don't have access to it.";
    } else if (error.status < 500) {
      title = `${error.status} ${error.statusText || "Request refused"}`;
      message = typeof error.data?.message === "string" ? error.data.message : "The request could not be completed.";
    }
  }
  return (
    <main className="auth">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}
