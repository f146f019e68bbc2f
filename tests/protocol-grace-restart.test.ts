// CONTRACT.md, "Agent drops": the grace of an agent who dropped before a restart is kept
// in the database and ends when it would have, not a grace period after the start. The
// server comes back with a grace setting of an hour, so a requeue within the test proves
// the grace that ran before the restart kept its end.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
afterAll(async () => {
  await server.close();
  rmSync(server.dir, { recursive: true, force: true });
});

const userids = (r: Frame) =>
  (r.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid);

test("a grace begun before a restart ends when it would have: the user is requeued", async () => {
  server = await startTestServer({ env: { KEFU_REQUEUE_GRACE_S: "3" } });
  const { apiKey, token, dir } = server;
  const bob = await addAgent(server, "bob");
  {
    const bot = new TestBot(server.url, apiKey);
    const admin = await TestAgent.login(server.wsUrl, token);
    const bobWs = await TestAgent.login(server.wsUrl, bob.token);
    await bot.say("s1", "help");
    expect((await bobWs.request({ method: "connect", userid: "s1" })).code).toBe(0);
    // Bob drops (a network failure, not a logout); the others are told, so his grace runs.
    bobWs.ws.close();
    await admin.next((f) => f.method === "logout_push" && f.customer_id === bob.id);
    admin.close();
    await server.close();
  }

  server = await startTestServer({ dir, env: { KEFU_REQUEUE_GRACE_S: "3600" } });
  const admin = await TestAgent.login(server.wsUrl, token);
  // Still Bob's right after the start: his grace has not run out yet.
  const held = await admin.request({ method: "get_current_session_list", customer_id: bob.id });
  expect(userids(held)).toEqual(["s1"]);
  // Then it runs out (three seconds after the drop, not an hour after the start).
  expect(
    await admin.next((f) => f.method === "transfer_push" && f.userid === "s1", 10_000),
  ).toEqual({ code: 0, method: "transfer_push", userid: "s1", from_customer_id: bob.id });
  await admin.next((f) => f.method === "wait_list_push" && f.userid === "s1");
  expect(userids(await admin.request({ method: "get_wait_user_list" }))).toEqual(["s1"]);
  const after = await admin.request({ method: "get_current_session_list", customer_id: bob.id });
  expect(userids(after)).toEqual([]);
  admin.close();
});
