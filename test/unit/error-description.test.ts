import { DrizzleQueryError } from "drizzle-orm/errors";
import { describeError, redactMessage } from "../../app/domain/error-description";

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

describe("describeError", () => {
  it("keeps a failed query's shape and drops its parameters (a password hash among them)", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: "23505",
      constraint_name: "users_email_key",
      table_name: "users",
      detail: "Key (email)=(victim@example.test) already exists.",
    });
    const error = new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ["victim@example.test", HASH], cause);
    const logged = JSON.stringify(describeError(error));
    expect(logged).not.toContain(HASH);
    expect(logged).not.toContain("victim@example.test");
    const d = describeError(error);
    expect(d.query).toBe('insert into "users" ("email", "password_hash") values ($1, $2)');
    expect(d.paramCount).toBe(2);
    expect(d.cause).toMatchObject({ code: "23505", constraint: "users_email_key", table: "users" });
    expect(d.stack?.every((l) => l.startsWith("at "))).toBe(true);
  });

  it("redacts values PostgreSQL quotes in its own messages", () => {
    expect(redactMessage('invalid input syntax for type uuid: "secret-token-123"')).toBe('invalid input syntax for type uuid: "[redacted]"');
    expect(redactMessage("Key (email)=(a@b.test) already exists.")).toBe("Key (email)=([redacted]) already exists.");
    expect(redactMessage('Failed query: select 1\nparams: a,b,c')).toBe("Failed query: select 1\nparams: [redacted]");
  });

  it("describes a thrown non-error", () => {
    expect(describeError("boom")).toEqual({ name: "string", message: "boom" });
  });
});
