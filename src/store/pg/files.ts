// FileStore on PostgreSQL.
import { and, eq } from "drizzle-orm";
import type { FileStore } from "../files";
import type { PgExec } from "./exec";
import { files } from "./schema/files";

export function createPgFiles(db: PgExec): FileStore {
  return {
    async add(file) {
      await db.insert(files).values(file);
    },
    async byId(botId, id) {
      const where =
        botId === null ? eq(files.id, id) : and(eq(files.id, id), eq(files.botId, botId));
      const [row] = await db.select().from(files).where(where);
      return row ?? null;
    },
  };
}
