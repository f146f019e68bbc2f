// `kefu db copy --from FILE --to postgres://...`: moves a SQLite desk to PostgreSQL
// (src/db-copy.ts); exit code 1 if the verification finds a table that differs.
import { copySqliteToPg } from "../db-copy";
import { isPostgresUrl } from "../store/engine";
import { type Invocation, print, UsageError } from "./args";

async function copy({ values }: Invocation): Promise<number> {
  const from = values.from;
  const to = values.to;
  if (!from) throw new UsageError("--from is required");
  if (!to) throw new UsageError("--to is required");
  if (isPostgresUrl(from)) throw new UsageError("--from: expected a SQLite file");
  if (!isPostgresUrl(to)) throw new UsageError("--to: expected a postgres:// URL");
  const result = await copySqliteToPg(from, to);
  const lines = result.tables.map(
    (t) =>
      `${t.same ? "ok  " : "DIFF"} ${t.table}: ${t.rows.from} -> ${t.rows.to} rows, sha256 ${t.checksum.from.slice(0, 16)}${t.same ? "" : ` vs ${t.checksum.to.slice(0, 16)}`}`,
  );
  print(
    values,
    { from, tables: result.tables, same: result.same },
    [
      ...lines,
      result.same ? "copied; every table the same on both sides" : "copied, but some tables differ",
    ].join("\n"),
  );
  return result.same ? 0 : 1;
}

export const db = { copy };
