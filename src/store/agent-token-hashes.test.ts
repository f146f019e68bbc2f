// Unit tests of the token hash look-up: it sees another connection's rotation, and says
// so once; its own connection's writes are not "elsewhere".
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashSecret } from "../secrets";
import { agentTokenHashes } from "./agent-token-hashes";
import { openDb } from "./db";
import { createSqliteStores } from "./sqlite/stores";

const dir = mkdtempSync(join(tmpdir(), "kefu-tokens-"));
const server = openDb(join(dir, "k.db"), "normal");
const cli = openDb(join(dir, "k.db"), "normal");
afterAll(() => {
  cli.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test("another connection's rotation is noticed once and read back; its own writes are not", async () => {
  const store = createSqliteStores(server.db);
  const { bot } = await store.identity.createBot({ name: "b", webhookUrl: null, now: 1 });
  const agent = (name: string) =>
    store.identity.createAgent({ botId: bot.id, name, headImg: "", maxSessions: 5, now: 1 });
  const a = await agent("a");
  const b = await agent("b");
  const tokens = agentTokenHashes(server.db);
  await store.identity.rotateToken(a.agent.id, 2);
  expect(tokens.changedElsewhere()).toBe(false);

  const rotated = await createSqliteStores(cli.db).identity.rotateToken(b.agent.id, 3);
  expect(tokens.changedElsewhere()).toBe(true);
  expect(tokens.changedElsewhere()).toBe(false);
  const now = tokens.of([b.agent.id, 999]);
  expect(now).toEqual(new Map([[b.agent.id, hashSecret(rotated ?? "")]]));
});
