// Retention (issue 18; docs/operations.md "Retention") beyond messages and events, on SQLite
// and on PostgreSQL: the sweep takes expired messages out of the search index (a search
// for their words finds nothing afterwards) and deletes files older than the retention,
// rows and bytes, while newer files stay.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { PIXEL, upload } from "./helpers/files";
import { startTestPg, type TestPg } from "./helpers/pg";
import { startTestServer, type TestServer } from "./helpers/server";

const DAY = 86_400_000;
const said = (t: string) => [{ type: "text" as const, value: { text: t } }];

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await read();
    if (done(v)) return v;
    await Bun.sleep(10);
  }
  throw new Error("condition never held");
}

describe("on SQLite", () => retentionSuite("sqlite"));
describe("on PostgreSQL", () => retentionSuite("pg"));

function retentionSuite(engine: "sqlite" | "pg") {
  let server: TestServer;
  let pg: TestPg | undefined;
  let filesDir = "";
  let bot: TestBot;
  let agent: TestAgent;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "kefu-retention-"));
    filesDir = join(dir, "files");
    pg = engine === "pg" ? await startTestPg() : undefined;
    server = await startTestServer({
      dir,
      ...(pg ? { db: await pg.database() } : { engine: "sqlite" }),
      env: { KEFU_RETENTION_SWEEP_S: "1", KEFU_FILES_DIR: filesDir },
    });
    bot = new TestBot(server.url, server.apiKey);
    agent = await TestAgent.login(server.wsUrl, server.token);
  });
  afterAll(async () => {
    agent.close();
    await server.destroy();
    await pg?.stop();
  });

  const searched = (query: string, want: number) =>
    until(
      async () => {
        const r = await agent.request({ method: "search_messages", query });
        return (r.data as { list: { userid: string }[] }).list.map((h) => h.userid);
      },
      (u) => u.length >= want,
    );

  /** The search index's own rows holding bot 1's term, read from its table. */
  const indexRows = async (term: string) => {
    const db = openTestDb(server.db);
    const [row] = await db.all<{ n: number }>(
      engine === "pg"
        ? "SELECT CAST(count(*) AS integer) AS n FROM message_terms WHERE terms @> ARRAY[$1]::text[]"
        : "SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH $1",
      engine === "pg" ? `b1x${term}` : `"b1x${term}"`,
    );
    await db.close();
    return row?.n ?? -1;
  };

  const uploaded = async (name: string) => {
    const up = await upload(server.url, server.token, PIXEL, name);
    expect(up.status).toBe(200);
    return new URL(up.body.data.value.url).searchParams.get("id") ?? "";
  };

  test("expired messages leave the search index, and files past the retention go, rows and bytes", async () => {
    const now = Date.now();
    const origin = { botId: 1, userid: "old-u", sessionId: null, agentId: null };
    await server.store.history.append(
      origin,
      "user",
      said("vorpalquince forty days"),
      now - 40 * DAY,
    );
    await server.store.history.append(origin, "user", said("vorpalquince yesterday"), now - DAY);
    const oldFile = await uploaded("old.png");
    const newFile = await uploaded("new.png");
    // An upload is timed by the server's clock: set the old one's time back as days would.
    const db = openTestDb(server.db);
    await db.run("UPDATE files SET created_at = $1 WHERE id = $2", now - 40 * DAY, oldFile);
    await db.close();
    expect(await searched("vorpalquince", 2)).toEqual(["old-u", "old-u"]);
    expect(await indexRows("vorpalquince")).toBe(2);

    expect((await bot.post("/api/bot/policy", { retention_days: 30 })).status).toBe(200);
    const entry = await until(
      async () =>
        (await server.store.ops.auditLog({ botId: 1, limit: 10 })).find(
          (e) => e.action === "retention_delete",
        ),
      (e) => e !== undefined,
    );
    expect(entry?.details).toMatchObject({ messages: 1, files: 1, retention_days: 30 });
    const left = await agent.request({ method: "search_messages", query: "vorpalquince" });
    expect(
      (left.data as { list: { message: { value: { text: string } } }[] }).list.map(
        (h) => h.message.value.text,
      ),
    ).toEqual(["vorpalquince yesterday"]);
    expect(await indexRows("vorpalquince")).toBe(1);
    expect(await server.store.files.byId(1, oldFile)).toBeNull();
    // The bytes go just after the commit that the audit entry is part of.
    await until(
      async () => existsSync(join(filesDir, "1", oldFile)),
      (there) => !there,
    );
    expect(await server.store.files.byId(1, newFile)).not.toBeNull();
    expect(existsSync(join(filesDir, "1", newFile))).toBe(true);
  });
}
