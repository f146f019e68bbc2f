// FileStore on SQLite.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import type { FileStore } from "../files";
import type { Write } from "../group-commit";
import { files } from "../schema/files";

export function createSqliteFiles(db: Db, write: Write): FileStore {
  return {
    async add(file) {
      await write((tx) => tx.insert(files).values(file).run());
    },
    async byId(botId, id) {
      const where =
        botId === null ? eq(files.id, id) : and(eq(files.id, id), eq(files.botId, botId));
      return db.select().from(files).where(where).get() ?? null;
    },
  };
}
