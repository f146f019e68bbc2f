// Opens the stores the --db value names: a SQLite file, or a PostgreSQL database for a
// postgres:// URL. What the server and the CLI need of either comes back the same way.
import { createAbsentKbStore } from "../assistant/absent-kb-store";
import type { KbStore } from "../assistant/kb-store";
import { createSqliteKbStore } from "../assistant/sqlite-kb-store";
import { type AgentTokenHashes, agentTokenHashes } from "./agent-token-hashes";
import type { SyncMode } from "./db";
import { openDb } from "./db";
import { isPostgresUrl } from "./engine";
import { pgAgentTokenHashes } from "./pg/agent-token-hashes";
import { openPgDb } from "./pg/db";
import { createPgStores } from "./pg/stores";
import { createSqliteStores } from "./sqlite/stores";
import type { Stores } from "./stores";

export interface OpenStores {
  stores: Stores;
  kb: KbStore;
  tokens: AgentTokenHashes;
  /** Null while the database takes writes, else why it does not. */
  unwritable(): string | null | Promise<string | null>;
  close(): Promise<void>;
}

/** Any failure to open is a StartError naming the file, or the server's host and port. */
export async function openStores(config: { db: string; sync: SyncMode }): Promise<OpenStores> {
  if (isPostgresUrl(config.db)) {
    const database = await openPgDb(config.db);
    return {
      stores: createPgStores(database.db),
      kb: createAbsentKbStore(),
      tokens: pgAgentTokenHashes(database.db),
      unwritable: database.unwritable,
      close: database.close,
    };
  }
  const database = openDb(config.db, config.sync);
  return {
    stores: createSqliteStores(database.db),
    kb: createSqliteKbStore(database.db, database.sqlite),
    tokens: agentTokenHashes(database.db),
    unwritable: database.unwritable,
    close: async () => database.close(),
  };
}
