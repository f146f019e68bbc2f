// The store conformance suite on SQLite, each run on a new database file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../../src/store/db";
import { createSqliteStores } from "../../src/store/sqlite/stores";
import { storeConformance } from "./conformance";
import { privacyConformance } from "./privacy-conformance";

const openSqlite = async () => {
  const dir = mkdtempSync(join(tmpdir(), "kefu-conformance-"));
  const database = openDb(join(dir, "k.db"), "normal");
  return {
    stores: createSqliteStores(database.db),
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeConformance("SQLite", openSqlite);
privacyConformance("SQLite", openSqlite);
