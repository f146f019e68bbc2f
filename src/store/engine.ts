// Which database a --db value names: a postgres:// or postgresql:// URL is PostgreSQL,
// anything else a SQLite file.
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * The database as messages name it: the file, or "host:port/database" of a URL, never
 * its user or password (a banner or an error line may end up in a log).
 */
export function databaseLabel(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the PostgreSQL URL given";
  }
}
