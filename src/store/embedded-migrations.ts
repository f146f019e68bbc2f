// Runs at bundle time (imported `with { type: "macro" }`): reads drizzle-kit's migrations
// folder and inlines it, so the compiled executable carries its migrations and needs no
// file beside it. The shape is drizzle's own MigrationMeta, so drizzle applies and records
// them exactly as its folder migrator would.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface JournalEntry {
  tag: string;
  when: number;
  breakpoints: boolean;
}

/** `dir`: SQLite's "migrations" or PostgreSQL's "migrations-pg", beside package.json. */
export function readMigrations(dir = "migrations") {
  const folder = join(import.meta.dir, "../..", dir);
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return journal.entries.map((entry) => {
    const query = readFileSync(join(folder, `${entry.tag}.sql`), "utf8");
    return {
      sql: query.split("--> statement-breakpoint"),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: createHash("sha256").update(query).digest("hex"),
    };
  });
}
