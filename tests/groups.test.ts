// Skill groups (issue 9, "Groups"): a user message may name a group; its agents get the
// user first, anyone after the group's fallback wait; transfer to a group; management
// over HTTP and the CLI.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
beforeEach(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
});
afterEach(() => server.destroy());

interface GroupView {
  group_id: number;
  name: string;
  fallback_after_s: number;
  members: number[];
}

async function makeGroup(name: string, fallback: number, members: number[]) {
  const made = await bot.post<GroupView>("/api/group/create", { name, fallback_after_s: fallback });
  expect(made.body.code).toBe(0);
  for (const m of members) {
    const r = await bot.post("/api/group/add_agent", {
      group_id: made.body.data.group_id,
      customer_id: m,
    });
    expect(r.body.code).toBe(0);
  }
  return made.body.data.group_id;
}

describe("groups", () => {
  test("a group's user goes to a member, not to a less loaded outsider", async () => {
    const billing = await addAgent(server, "billing");
    await makeGroup("billing", 60, [billing.id]);
    const member = await TestAgent.login(server.wsUrl, billing.token);
    await autoOn(member);
    expect((await bot.say("a", "general question")).body.data.customer_id).toBe(billing.id);
    const outsider = await TestAgent.login(server.wsUrl, server.token);
    await autoOn(outsider);
    // The member is busier than the outsider, yet the group's user goes to the member.
    const r = await bot.say("b", "my invoice", { group: "billing" });
    expect(r.body.data).toMatchObject({ state: "active", customer_id: billing.id });
    outsider.close();
    member.close();
  });

  test("with no member online the user waits, then anyone may take them after the fallback", async () => {
    const billing = await addAgent(server, "billing");
    await makeGroup("billing", 1, [billing.id]);
    const outsider = await TestAgent.login(server.wsUrl, server.token);
    await autoOn(outsider);
    const r = await bot.say("c", "refund please", { group: "billing" });
    expect(r.body.data.state).toBe("waiting");
    // After one second the group's fallback is over and the outsider gets the user.
    const pushed = await outsider.push("connect_list_push", 5000);
    expect(pushed.userid).toBe("c");
    outsider.close();
  });

  test("an unknown group is 404 and stores nothing", async () => {
    const r = await bot.say("d", "hello", { group: "nope" });
    expect(r.status).toBe(404);
    expect(await server.store.identity.getUser(1, "d")).toBeNull();
  });

  test("transform to a group's queue hands the user to that group", async () => {
    const vip = await addAgent(server, "vip");
    await makeGroup("vip", 60, [vip.id]);
    const first = await TestAgent.login(server.wsUrl, server.token);
    await bot.say("e", "hi");
    expect((await first.request({ method: "connect", userid: "e" })).code).toBe(0);
    const vipAgent = await TestAgent.login(server.wsUrl, vip.token);
    await autoOn(vipAgent);
    const unknown = await first.request({ method: "transform", userid: "e", group: "nope" });
    expect(unknown.code).toBe(404);
    const moved = await first.request({ method: "transform", userid: "e", group: "vip" });
    expect(moved).toMatchObject({ code: 0, userid: "e", group: "vip" });
    expect((await vipAgent.push("connect_list_push")).userid).toBe("e");
    first.close();
    vipAgent.close();
  });

  test("management over HTTP: list, remove, delete; another bot's groups are not found", async () => {
    const a = await addAgent(server, "a");
    const gid = await makeGroup("sales", 30, [a.id, 1]);
    const list = await bot.post<GroupView[]>("/api/group/list", {});
    expect(list.body.data).toEqual([
      { group_id: gid, name: "sales", fallback_after_s: 30, members: [1, a.id] },
    ]);
    const removed = await bot.post<GroupView>("/api/group/remove_agent", {
      group_id: gid,
      customer_id: 1,
    });
    expect(removed.body.data.members).toEqual([a.id]);
    expect((await bot.post("/api/group/create", { name: "sales" })).status).toBe(409);

    const other = await server.store.identity.createBot({
      name: "other",
      webhookUrl: null,
      now: Date.now(),
    });
    const stranger = new TestBot(server.url, other.apiKey);
    expect(
      (await stranger.post("/api/group/add_agent", { group_id: gid, customer_id: a.id })).status,
    ).toBe(404);
    expect((await stranger.post("/api/group/delete", { group_id: gid })).status).toBe(404);
    const otherAgent = await addAgent(server, "x", { botId: other.bot.id });
    expect(
      (await bot.post("/api/group/add_agent", { group_id: gid, customer_id: otherAgent.id }))
        .status,
    ).toBe(404);

    expect((await bot.post("/api/group/delete", { group_id: gid })).body.code).toBe(0);
    expect((await bot.post<GroupView[]>("/api/group/list", {})).body.data).toEqual([]);
  });

  test("management from the CLI", async () => {
    await server.close();
    const db = server.db;
    const made = await kefu([
      "group",
      "create",
      "--bid",
      "1",
      "--name",
      "support",
      "--fallback-s",
      "90",
      "--db",
      db,
      "--json",
    ]);
    expect(made.code).toBe(0);
    const group = JSON.parse(made.stdout);
    expect(group).toEqual({
      group_id: 1,
      bid: 1,
      name: "support",
      fallback_after_s: 90,
      members: [],
    });
    const added = await kefu([
      "group",
      "add",
      "--group-id",
      "1",
      "--customer-id",
      "1",
      "--db",
      db,
      "--json",
    ]);
    expect(JSON.parse(added.stdout).members).toEqual([1]);
    const list = await kefu(["group", "list", "--bid", "1", "--db", db, "--json"]);
    expect(JSON.parse(list.stdout)).toEqual({ groups: [{ ...group, members: [1] }] });
    const dup = await kefu([
      "group",
      "create",
      "--bid",
      "1",
      "--name",
      "support",
      "--db",
      db,
      "--json",
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("already has a group");
  });
});
