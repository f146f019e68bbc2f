// Which database a --db value names: a postgres:// or postgresql:// URL is PostgreSQL,
// anything else a SQLite file.
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}
