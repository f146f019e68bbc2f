// A restart in the middle of the day: the queue and the active sessions are what the
// database holds, so they survive it; the grace period of dropped agents starts again.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
afterAll(async () => {
  await server.close();
  rmSync(server.dir, { recursive: true, force: true });
});

const userids = (r: Frame) =>
  (r.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid);
const text = (t: string) => [{ type: "text", value: { text: t } }];

test("the queue, the sessions and auto_connect survive a restart; the grace period starts again", async () => {
  server = await startTestServer();
  const { apiKey, token, dir } = server;
  const bob = await addAgent(server, "bob");
  const carol = await addAgent(server, "carol", { maxSessions: 2 });
  {
    const bot = new TestBot(server.url, apiKey);
    const bobWs = await TestAgent.login(server.wsUrl, bob.token);
    const carolWs = await TestAgent.login(server.wsUrl, carol.token);
    await autoOn(carolWs);
    await carolWs.request({ method: "set_customer_status", status: 2 });
    for (const u of ["q1", "q2", "q3"]) await bot.say(u, `waiting ${u}`);
    await bot.say("s1", "help");
    expect((await bobWs.request({ method: "connect", userid: "s1" })).code).toBe(0);
    const sent = await bobWs.request({
      method: "send_to_user",
      userid: "s1",
      message: text("on it"),
    });
    expect(sent.code).toBe(0);
    await server.close();
    expect((await bobWs.waitClosed()).code).toBe(1001);
  }

  server = await startTestServer({ dir });
  {
    const bot = new TestBot(server.url, apiKey);
    const admin = await TestAgent.login(server.wsUrl, token);
    expect(userids(await admin.request({ method: "get_wait_user_list" }))).toEqual([
      "q1",
      "q2",
      "q3",
    ]);
    const held = await admin.request({ method: "get_current_session_list", customer_id: bob.id });
    expect(userids(held)).toEqual(["s1"]);
    const record = await admin.request({ method: "get_chat_record", userid: "s1" });
    expect((record.data as { total: number }).total).toBe(2);

    // Bob comes back within the grace period: s1 is still his, and the user reaches him.
    const bobWs = await TestAgent.login(server.wsUrl, bob.token);
    expect((await bot.say("s1", "still there?")).body.data).toMatchObject({
      state: "active",
      customer_id: bob.id,
    });
    expect(await bobWs.push("connect_list_push")).toMatchObject({ userid: "s1" });
    const again = await bobWs.request({
      method: "send_to_user",
      userid: "s1",
      message: text("yes"),
    });
    expect(again.code).toBe(0);
    // Carol's auto-connect was kept; logging in (status 1) pulls the two oldest.
    const carolWs = await TestAgent.login(server.wsUrl, carol.token);
    expect(carolWs.me.auto_connect).toBe(1);
    expect(carolWs.me.status).toBe(1);
    const pulled = [
      await carolWs.push("connect_list_push"),
      await carolWs.push("connect_list_push"),
    ];
    expect(pulled.map((f) => f.userid)).toEqual(["q1", "q2"]);
    expect(userids(await admin.request({ method: "get_wait_user_list" }))).toEqual(["q3"]);
    admin.close();
    carolWs.close();
    await server.close();
    await bobWs.waitClosed();
  }

  // Nobody comes back this time: after the grace period (from the start) the users wait again.
  server = await startTestServer({ dir, env: { KEFU_REQUEUE_GRACE_S: "1" } });
  const admin = await TestAgent.login(server.wsUrl, token);
  const requeued = new Set<unknown>();
  while (requeued.size < 3) requeued.add((await admin.push("wait_list_push")).userid);
  expect([...requeued].sort()).toEqual(["q1", "q2", "s1"]);
  expect(userids(await admin.request({ method: "get_wait_user_list" }))).toEqual([
    "q1",
    "q2",
    "q3",
    "s1",
  ]);
  admin.close();
});
