// Files from agents (issue 17): an agent uploads with its token, sends the item it got back
// with send_to_user, and the bot fetches the file by the signed link in agent_message (or
// with its api key). Limits on size and type answer 413 and 415; another bot's key gets
// nothing. The same on PostgreSQL, and with an S3-compatible bucket in place of the folder.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { fakeS3 } from "./helpers/fake-s3";
import { PIXEL, upload } from "./helpers/files";
import { startTestPg } from "./helpers/pg";
import { startTestServer, type TestServer } from "./helpers/server";

interface AgentMessage {
  event: string;
  userid: string;
  message: { type: string; value: { url: string; name: string; size: number; mime: string } }[];
}

/** An agent of `server` serving `userid`, and the bot. */
async function serving(server: TestServer, userid: string) {
  const bot = new TestBot(server.url, server.apiKey);
  const agent = await TestAgent.login(server.wsUrl, server.token);
  await bot.say(userid, "can I see it?");
  expect((await agent.request({ method: "connect", userid })).code).toBe(0);
  return { bot, agent };
}

/** Upload, send, and the bot's fetch of the link its agent_message carries. */
async function roundTrip(server: TestServer, userid: string) {
  const { bot, agent } = await serving(server, userid);
  const up = await upload(server.url, server.token, PIXEL, "shot.png");
  expect(up.status).toBe(200);
  const item = up.body.data;
  expect(item).toMatchObject({
    type: "picture",
    value: { name: "shot.png", size: PIXEL.size, mime: "image/png" },
  });
  const sent = await agent.request({ method: "send_to_user", userid, message: [item] });
  expect(sent).toMatchObject({ code: 0 });
  const feed = await bot.get<{ events: AgentMessage[] }>("/api/chat/events?after=0&limit=100");
  const said = feed.body.data.events.find(
    (e) => e.event === "agent_message" && e.userid === userid,
  );
  expect(said?.message).toEqual([item]);
  const got = await fetch(said?.message[0]?.value.url ?? "");
  expect(got.status).toBe(200);
  expect(got.headers.get("content-type")).toBe("image/png");
  expect(new Uint8Array(await got.arrayBuffer())).toEqual(
    new Uint8Array(await PIXEL.arrayBuffer()),
  );
  agent.close();
  return item;
}

describe("on SQLite, in the folder beside the database", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      engine: "sqlite",
      env: { KEFU_FILE_MAX_BYTES: "1000", KEFU_FILE_TYPES: "image/*,application/pdf" },
    });
  });
  afterAll(() => server.destroy());

  test("an uploaded picture reaches the bot as a picture item it can fetch", async () => {
    const item = await roundTrip(server, "f1");
    const id = new URL(item.value.url).searchParams.get("id") ?? "";
    expect(existsSync(join(server.dir, "files", "1", id))).toBe(true);
  });

  test("another file type is a `file` item {url, name, size, mime}, sent as an attachment", async () => {
    const pdf = new Blob(["%PDF-1.4 tiny"], { type: "application/pdf" });
    const up = await upload(server.url, server.token, pdf, "../../invoice.pdf");
    expect(up.body.data).toMatchObject({
      type: "file",
      value: { name: "invoice.pdf", size: pdf.size, mime: "application/pdf" },
    });
    const got = await fetch(up.body.data.value.url);
    expect(await got.text()).toBe("%PDF-1.4 tiny");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
  });

  test("a link altered or unsigned is 403, another bot's key too; its own api key fetches", async () => {
    const up = await upload(server.url, server.token, PIXEL, "a.png");
    const url = new URL(up.body.data.value.url);
    const id = url.searchParams.get("id") ?? "";
    const stretched = new URL(url);
    stretched.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 1));
    expect((await fetch(stretched)).status).toBe(403);
    const bare = `${server.url}/files?id=${id}`;
    expect((await fetch(bare)).status).toBe(403);
    const other = await addBot(server, "other");
    const foreign = await fetch(bare, { headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(foreign.status).toBe(403);
    const own = await fetch(bare, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(own.status).toBe(200);
    expect((await fetch(`${server.url}/files?id=nope`)).status).toBe(404);
  });

  test("past the size limit 413, a type not allowed 415, no token 401, no file 400: nothing kept", async () => {
    const stored = () => readdirSync(join(server.dir, "files", "1")).length;
    const before = stored();
    const big = await upload(
      server.url,
      server.token,
      new Blob([new Uint8Array(1001)], { type: "image/png" }),
      "big.png",
    );
    expect(big).toMatchObject({ status: 413, body: { code: 413 } });
    expect(big.body.msg).toContain("1000 bytes");
    const html = await upload(
      server.url,
      server.token,
      new Blob(["<script>"], { type: "text/html" }),
      "x.html",
    );
    expect(html).toMatchObject({
      status: 415,
      body: { code: 415, msg: "file: type text/html is not allowed" },
    });
    const anonymous = await upload(server.url, "not-a-token", PIXEL, "a.png");
    expect(anonymous).toMatchObject({ status: 401, body: { code: 401 } });
    const form = new FormData();
    form.append("other", "x");
    const none = await fetch(`${server.url}/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    expect(none.status).toBe(400);
    expect(stored()).toBe(before);
  });
});

describe("on PostgreSQL", () => {
  test("upload, send and fetch, with the file's row in PostgreSQL", async () => {
    const pg = await startTestPg();
    const server = await startTestServer({ db: await pg.database() });
    try {
      const item = await roundTrip(server, "pgf");
      const id = new URL(item.value.url).searchParams.get("id") ?? "";
      expect(await server.store.files.byId(1, id)).toMatchObject({ name: "shot.png", botId: 1 });
      expect(await server.store.files.byId(2, id)).toBeNull();
    } finally {
      await server.destroy();
      await pg.stop();
    }
  });
});

describe("in an S3-compatible bucket", () => {
  test("the bytes go to the bucket, not the folder, and come back by the link", async () => {
    const s3 = fakeS3();
    const server = await startTestServer({
      env: {
        KEFU_S3_BUCKET: "kefu-files",
        KEFU_S3_ENDPOINT: s3.url,
        KEFU_S3_ACCESS_KEY_ID: "test",
        KEFU_S3_SECRET_ACCESS_KEY: "test",
        KEFU_S3_REGION: "us-east-1",
      },
    });
    try {
      const item = await roundTrip(server, "s3f");
      const id = new URL(item.value.url).searchParams.get("id") ?? "";
      expect([...s3.objects.keys()]).toEqual([`/kefu-files/1/${id}`]);
      expect(existsSync(join(server.dir, "files"))).toBe(false);
    } finally {
      await server.destroy();
      s3.stop();
    }
  });
});
