// An action and its audit entry commit together (docs/operations.md "Audit log"): while the
// audit log refuses every write, each audited action fails and leaves nothing behind, as
// its users see it; once the log takes writes again, the same actions succeed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { isPostgresUrl } from "../src/store/engine";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb, type TestDb } from "./helpers/db";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bea: NewAgent;
let beaAgent: TestAgent | null = null;
let db: TestDb;

const status = (userid: string) =>
  bot.post<{ state: string; customer_id: number | null }>("/api/chat/queue_status", { userid });
const auditActions = async () =>
  (await bot.get<{ entries: { action: string }[] }>("/api/audit")).body.data.entries.map(
    (e) => e.action,
  );

/** Runs `fn` while every insert into the audit log fails, as a full or broken disk would. */
async function auditDown<T>(fn: () => Promise<T>): Promise<T> {
  const pg = isPostgresUrl(server.db);
  if (pg) {
    await db.run(`CREATE OR REPLACE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN RAISE EXCEPTION 'audit log down'; END $$`);
    await db.run(
      "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_down()",
    );
  } else {
    await db.run(
      "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log down'); END",
    );
  }
  try {
    return await fn();
  } finally {
    await db.run(pg ? "DROP TRIGGER audit_down ON audit_log" : "DROP TRIGGER audit_down");
  }
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  bea = await addAgent(server, "bea");
  admin = await TestAgent.login(server.wsUrl, server.token);
  db = openTestDb(server.db);
  await bot.say("u1", "hello");
});
afterAll(async () => {
  admin.close();
  beaAgent?.close();
  await db.close();
  await server.destroy();
});

test("connect: the user stays waiting when its audit entry cannot be written", async () => {
  const before = await auditActions();
  const failed = await auditDown(() => admin.request({ method: "connect", userid: "u1" }));
  expect(failed).toMatchObject({ method: "connect", code: 500 });
  expect((await status("u1")).body.data).toMatchObject({ state: "waiting", customer_id: null });
  expect(await auditActions()).toEqual(before);

  expect((await admin.request({ method: "connect", userid: "u1" })).code).toBe(0);
  expect((await status("u1")).body.data).toMatchObject({ state: "active", customer_id: 1 });
  expect((await auditActions())[0]).toBe("connect");
});

test("login: the agent stays offline when its audit entry cannot be written", async () => {
  const failed = await auditDown(async () => {
    const agent = await TestAgent.connect(server.wsUrl);
    const reply = await agent.request({ method: "login", token: bea.token });
    agent.close();
    return reply;
  });
  expect(failed).toMatchObject({ method: "login", code: 500 });
  const online = await bot.post<{ is_online: number }>("/api/customer/is_online", {
    customer_id: bea.id,
  });
  expect(online.body.data.is_online).toBe(0);
  expect((await server.store.identity.getAgent(bea.id))?.status).toBe(0);

  beaAgent = await TestAgent.login(server.wsUrl, bea.token);
  expect((await auditActions())[0]).toBe("login");
});

test("transform: the user stays with its agent when its audit entry cannot be written", async () => {
  const before = await auditActions();
  const failed = await auditDown(() =>
    admin.request({ method: "transform", userid: "u1", customer_id: bea.id }),
  );
  expect(failed).toMatchObject({ method: "transform", code: 500 });
  expect((await status("u1")).body.data).toMatchObject({ state: "active", customer_id: 1 });
  const back = await auditDown(() => admin.request({ method: "transform", userid: "u1" }));
  expect(back.code).toBe(500);
  expect((await status("u1")).body.data).toMatchObject({ state: "active", customer_id: 1 });
  expect(await auditActions()).toEqual(before);

  const moved = await admin.request({ method: "transform", userid: "u1", customer_id: bea.id });
  expect(moved.code).toBe(0);
  expect((await status("u1")).body.data).toMatchObject({ state: "active", customer_id: bea.id });
});

test("disconnect and status changes are undone with their audit entry", async () => {
  const before = await auditActions();
  const b = beaAgent as TestAgent;
  const ended = await auditDown(() => b.request({ method: "disconnect", userid: "u1" }));
  expect(ended.code).toBe(500);
  expect((await status("u1")).body.data).toMatchObject({ state: "active", customer_id: bea.id });
  const away = await auditDown(() => admin.request({ method: "set_customer_status", status: 2 }));
  expect(away.code).toBe(500);
  expect((await server.store.identity.getAgent(1))?.status).toBe(1);
  const auto = await auditDown(() =>
    admin.request({ method: "set_auto_connect_status", status: 1 }),
  );
  expect(auto.code).toBe(500);
  expect((await server.store.identity.getAgent(1))?.autoConnect).toBe(false);
  expect(await auditActions()).toEqual(before);
});

test("agents, tokens and groups made by the bot backend are undone with their entry", async () => {
  const agents = (await server.store.identity.listAgents(1)).length;
  const made = await auditDown(() => bot.post("/api/customer/create", { customer_name: "dan" }));
  expect(made.status).toBe(500);
  expect(await server.store.identity.listAgents(1)).toHaveLength(agents);

  const rotated = await auditDown(() => bot.post("/api/customer/token", { customer_id: bea.id }));
  expect(rotated.status).toBe(500);
  // The old token still logs in: the rotation did not happen.
  beaAgent?.close();
  beaAgent = await TestAgent.login(server.wsUrl, bea.token, { force_online: 1 });

  const group = await auditDown(() => bot.post("/api/group/create", { name: "vip" }));
  expect(group.status).toBe(500);
  const groups = await bot.post<unknown[]>("/api/group/list", {});
  expect(groups.body.data).toEqual([]);
  // The name is free: nothing of the failed attempt remains.
  expect((await bot.post("/api/group/create", { name: "vip" })).status).toBe(200);
  expect((await auditActions())[0]).toBe("group_create");
});
