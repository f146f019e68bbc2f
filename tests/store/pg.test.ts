// The store conformance suite on PostgreSQL, each run on a new database. Its races are
// written as "the first call wins", so the pool has one connection and runs transactions in
// call order; pg-concurrency.test.ts races real connections and asserts what any order keeps.
import { afterAll, beforeAll } from "bun:test";
import { openPgDb } from "../../src/store/pg/db";
import { createPgStores } from "../../src/store/pg/stores";
import { startTestPg, type TestPg } from "../helpers/pg";
import { storeConformance } from "./conformance";
import { privacyConformance } from "./privacy-conformance";

let pg: TestPg;
beforeAll(async () => {
  pg = await startTestPg();
});
afterAll(() => pg.stop());

const openPg = async () => {
  const database = await openPgDb(await pg.database(), 1);
  return { stores: createPgStores(database.db), close: () => database.close() };
};

storeConformance("PostgreSQL", openPg);
privacyConformance("PostgreSQL", openPg);
