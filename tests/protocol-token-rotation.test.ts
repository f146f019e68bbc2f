// Rotating an agent's token (CONTRACT.md, "Command line" and /api/customer/token): the old
// token stops working, for new logins and for the connections already logged in with it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
});
afterAll(() => server.destroy());

describe("token rotation", () => {
  test("POST /api/customer/token closes the old token's connection at once; the new token logs in", async () => {
    const agent = await addAgent(server, "leaky");
    const watcher = await TestAgent.login(server.wsUrl, server.token);
    const owner = await TestAgent.login(server.wsUrl, agent.token);
    await watcher.push("login_push");
    const rotated = await bot.post<{ token: string }>("/api/customer/token", {
      customer_id: agent.id,
    });
    expect(rotated.body.code).toBe(0);
    expect(await owner.waitClosed()).toEqual({ code: 4004, reason: "token revoked" });
    expect(await watcher.push("logout_push")).toMatchObject({ customer_id: agent.id });
    const fresh = await TestAgent.login(server.wsUrl, rotated.body.data.token);
    expect(fresh.me.customer_id).toBe(agent.id);
    expect((await fresh.request({ method: "get_wait_user_list" })).code).toBe(0);
    const thief = await TestAgent.connect(server.wsUrl);
    expect((await thief.request({ method: "login", token: agent.token })).code).toBe(440);
    for (const a of [watcher, fresh, thief]) a.close();
  });

  test("kefu agent token, another process, closes the old token's connection", async () => {
    const agent = await addAgent(server, "cli-rotated");
    const other = await addAgent(server, "untouched");
    const owner = await TestAgent.login(server.wsUrl, agent.token);
    const bystander = await TestAgent.login(server.wsUrl, other.token);
    const closed = owner.waitClosed(10_000);
    const r = await kefu([
      "agent",
      "token",
      "--customer-id",
      String(agent.id),
      "--db",
      server.db,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const { token } = JSON.parse(r.stdout) as { token: string };
    expect(await closed).toEqual({ code: 4004, reason: "token revoked" });
    const fresh = await TestAgent.login(server.wsUrl, token);
    expect(fresh.me.customer_id).toBe(agent.id);
    // Another agent's connection is not touched.
    expect((await bystander.request({ method: "get_wait_user_list" })).code).toBe(0);
    expect(bystander.closed).toBeNull();
    for (const a of [bystander, fresh]) a.close();
  });

  test("a thief's simultaneous logins with a stolen token leave nothing open after a forced login and a rotation", async () => {
    const agent = await addAgent(server, "stolen");
    const thief = await Promise.all([1, 2, 3].map(() => TestAgent.connect(server.wsUrl)));
    for (const t of thief) t.send({ method: "login", token: agent.token, force_online: 1 });
    await Promise.all(thief.map((t) => t.next((f) => f.method === "login")));
    const owner = await TestAgent.login(server.wsUrl, agent.token, { force_online: 1 });
    const rotated = await bot.post<{ token: string }>("/api/customer/token", {
      customer_id: agent.id,
    });
    expect(await owner.waitClosed()).toEqual({ code: 4004, reason: "token revoked" });
    // Every thief socket was replaced (4002) by the owner's login or by another thief's.
    for (const t of thief) expect((await t.waitClosed()).code).toBe(4002);
    const fresh = await TestAgent.login(server.wsUrl, rotated.body.data.token);
    expect(fresh.me.customer_id).toBe(agent.id);
    fresh.close();
  });
});
