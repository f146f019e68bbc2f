// Opens the stores the --db value names: a SQLite file, or a PostgreSQL database for a
// postgres:// URL, with the knowledge base beside them (so this composes store/ and
// assistant/, above both). What the server and the CLI need of either comes the same way.
import type { KbStore } from "./assistant/kb-store";
import { createPgKbStore } from "./assistant/pg-kb-store";
import { createSqliteKbStore } from "./assistant/sqlite-kb-store";
import { type AgentTokenHashes, agentTokenHashes } from "./store/agent-token-hashes";
import type { ClusterStore } from "./store/cluster";
import type { SyncMode } from "./store/db";
import { openDb } from "./store/db";
import { isPostgresUrl } from "./store/engine";
import { pgAgentTokenHashes } from "./store/pg/agent-token-hashes";
import { createPgCluster } from "./store/pg/cluster";
import { openPgDb } from "./store/pg/db";
import { createPgStores } from "./store/pg/stores";
import { createSqliteStores } from "./store/sqlite/stores";
import type { Stores } from "./store/stores";

export interface OpenStores {
  stores: Stores;
  kb: KbStore;
  tokens: AgentTokenHashes;
  /** Node leases and presence for several nodes: PostgreSQL only. */
  cluster?: ClusterStore;
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
      kb: createPgKbStore(database.db),
      tokens: pgAgentTokenHashes(database.db),
      cluster: createPgCluster(database.db),
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
