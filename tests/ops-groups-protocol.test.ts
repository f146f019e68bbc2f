// get_group_list (issue 9; docs/operations.md "Skill groups for agents"): an agent lists its
// bot's groups, with their members, to transfer a user to one of them.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bea: NewAgent;
let stranger: TestAgent;

interface GroupEntry {
  group_id: number;
  name: string;
  members: number[];
}
const groupsOf = async (agent: TestAgent) => {
  const r = await agent.request({ method: "get_group_list" });
  expect(r).toMatchObject({ method: "get_group_list", code: 0, msg: "ok" });
  return (r.data as { group_list: GroupEntry[] }).group_list;
};

async function makeGroup(name: string, members: number[]): Promise<number> {
  const made = await bot.post<{ group_id: number }>("/api/group/create", { name });
  for (const customer_id of members) {
    const added = await bot.post("/api/group/add_agent", {
      group_id: made.body.data.group_id,
      customer_id,
    });
    expect(added.body.code).toBe(0);
  }
  return made.body.data.group_id;
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  bea = await addAgent(server, "bea");
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  const cai = await addAgent(server, "cai", { botId: other.bot.id });
  await new TestBot(server.url, other.apiKey).post("/api/group/create", { name: "theirs" });
  admin = await TestAgent.login(server.wsUrl, server.token);
  stranger = await TestAgent.login(server.wsUrl, cai.token);
});
afterAll(async () => {
  admin.close();
  stranger.close();
  await server.destroy();
});

test("no groups yet: an empty list", async () => {
  expect(await groupsOf(admin)).toEqual([]);
});

test("the bot's groups with their members, oldest first; never another bot's", async () => {
  const billing = await makeGroup("billing", [bea.id]);
  const vip = await makeGroup("vip", [1, bea.id]);
  expect(await groupsOf(admin)).toEqual([
    { group_id: billing, name: "billing", members: [bea.id] },
    { group_id: vip, name: "vip", members: [1, bea.id] },
  ]);
  const theirs = await groupsOf(stranger);
  expect(theirs.map((g) => g.name)).toEqual(["theirs"]);
});

test("a group from the list is where transform sends the user", async () => {
  const member = await TestAgent.login(server.wsUrl, bea.token);
  await bot.say("g1", "my invoice is wrong");
  expect((await admin.request({ method: "connect", userid: "g1" })).code).toBe(0);
  await autoOn(member);
  const [billing] = await groupsOf(admin);
  const moved = await admin.request({ method: "transform", userid: "g1", group: billing?.name });
  expect(moved).toMatchObject({ code: 0, userid: "g1", group: "billing" });
  const gained = await member.push("connect_list_push");
  expect(gained.userid).toBe("g1");
  member.close();
});

test("stray fields are ignored; a logged-out connection is refused", async () => {
  const r = await admin.request({ method: "get_group_list", page: 2, x: [1] });
  expect(r.code).toBe(0);
  const anonymous = await TestAgent.connect(server.wsUrl);
  const refused = await anonymous.request({ method: "get_group_list" });
  expect(refused).toMatchObject({ code: 401, msg: "not logged in" });
  anonymous.close();
});
