// The role matrix (issue 16): every protocol method of wire/requests.ts and every HTTP route
// of /openapi.json an agent's credential can reach, called by an `agent`, a `supervisor` and
// an `admin`, each either allowed or refused with the contract's 403, and a refusal carries
// nothing but `method`, `code` and `msg` (an `agent`'s token on /api is, as before roles, no
// api key: 401). The expectations are written here, apart from
// desk/permissions.ts, so a change there that these do not foresee fails; a new method or
// route without a line here fails too.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Role } from "../src/model/desk";
import { type Method, requests } from "../src/wire/requests";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const ROLES: Role[] = ["agent", "supervisor", "admin"];
const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

/** Each method's least role and a frame for it (a compile error when a method is missing). */
const METHODS: Record<Method, { least: Role; frame: Record<string, unknown> }> = {
  login: { least: "agent", frame: { token: "kft_nope" } },
  logout: { least: "agent", frame: {} },
  set_customer_status: { least: "agent", frame: { status: 1 } },
  set_auto_connect_status: { least: "agent", frame: { status: 0 } },
  get_user_info: { least: "agent", frame: { userid: "w1" } },
  connect: { least: "agent", frame: { userid: "nobody" } },
  disconnect: { least: "agent", frame: { userid: "nobody" } },
  transform: { least: "agent", frame: { userid: "nobody" } },
  send_to_user: { least: "agent", frame: { userid: "nobody", message: [] } },
  get_wait_user_list: { least: "agent", frame: {} },
  get_current_session_list: { least: "agent", frame: {} },
  get_chat_record: { least: "agent", frame: { userid: "w1", page: 1, pagesize: 10 } },
  get_answer_from_ai: { least: "agent", frame: { user_query: "hello" } },
  add_note: { least: "agent", frame: { userid: "w1", text: "a note" } },
  get_canned_replies: { least: "agent", frame: {} },
  save_canned_reply: { least: "agent", frame: { code: "/x", message: [] } },
  delete_canned_reply: { least: "agent", frame: { id: 999 } },
  get_group_list: { least: "agent", frame: {} },
  get_reports: { least: "supervisor", frame: {} },
  get_summary: { least: "agent", frame: { userid: "w1" } },
  get_kb_missed: { least: "supervisor", frame: {} },
  send_typing: { least: "agent", frame: { userid: "nobody", typing: 1 } },
  mark_read: { least: "agent", frame: { userid: "nobody", read_to: 1 } },
  search_messages: { least: "agent", frame: { query: "waiting" } },
  get_user_sessions: { least: "agent", frame: { userid: "w1" } },
  get_labels: { least: "agent", frame: {} },
  save_label: { least: "admin", frame: { kind: "tag", name: "vip" } },
  delete_label: { least: "admin", frame: { kind: "tag", name: "nope" } },
  tag_session: { least: "agent", frame: { userid: "nobody", tags: [] } },
  get_label_report: { least: "supervisor", frame: {} },
  board_list: { least: "supervisor", frame: {} },
  whisper: { least: "supervisor", frame: { userid: "w1", text: "psst" } },
  take_over: { least: "supervisor", frame: { userid: "nobody" } },
  reassign: { least: "supervisor", frame: { userid: "nobody", customer_id: 1 } },
  end_session: { least: "supervisor", frame: { userid: "nobody" } },
};

/** The HTTP routes an agent's credential reaches below admin; every other one is admin's. */
const ROUTES_BELOW_ADMIN: Record<string, Role> = {
  "POST /auth/logout": "agent",
  "POST /auth/me": "agent",
  "POST /auth/password": "agent",
  "POST /auth/totp/setup": "agent",
  "POST /auth/totp/enable": "agent",
  "POST /auth/totp/disable": "agent",
  "GET /api/reports": "supervisor",
  "GET /api/audit": "supervisor",
  "POST /api/customer/list": "supervisor",
  "POST /api/customer/info": "supervisor",
  "POST /api/customer/is_online": "supervisor",
  "POST /api/group/list": "supervisor",
  "POST /api/canned/list": "supervisor",
  "POST /api/kb/list": "supervisor",
  "POST /api/chat/queue_status": "supervisor",
  // Every agent may upload a file to send (issue 17).
  "POST /files": "agent",
};
/** Routes no credential is needed for. */
const OPEN = new Set(["POST /auth/login"]);

let server: TestServer;
let bot: TestBot;
const tokens = {} as Record<Role, string>;
const conns = {} as Record<Role, TestAgent>;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  for (const role of ROLES) tokens[role] = (await addAgent(server, role, { role })).token;
  await bot.say("w1", "waiting for someone");
  for (const role of ROLES) conns[role] = await TestAgent.login(server.wsUrl, tokens[role]);
});
afterAll(async () => {
  for (const role of ROLES) conns[role]?.close();
  await server.destroy();
});

/** A refusal says it is one, and nothing else. */
function expectBareRefusal(label: string, reply: Record<string, unknown>) {
  expect({ label, keys: Object.keys(reply).toSorted() }).toEqual({
    label,
    keys: ["code", "method", "msg"],
  });
  expect(String(reply.msg)).not.toContain("w1");
}

describe("protocol methods × roles", () => {
  test("every method is allowed from its least role up and a bare 403 below it", async () => {
    // logout closes the connection: it goes last.
    const order = (Object.keys(requests) as Method[]).toSorted(
      (a, b) => Number(a === "logout") - Number(b === "logout"),
    );
    expect<string[]>(order.toSorted()).toEqual(Object.keys(METHODS).toSorted());
    for (const method of order) {
      const { least, frame } = METHODS[method];
      for (const role of ROLES) {
        const reply = await conns[role].request({ method, ...frame });
        const label = `${method} as ${role}`;
        if (RANK[role] >= RANK[least]) {
          expect({ label, code: reply.code }).not.toEqual({ label, code: 403 });
        } else {
          expect({ label, code: reply.code }).toEqual({ label, code: 403 });
          expectBareRefusal(label, reply);
        }
      }
    }
  });
});

describe("what the agent role reads", () => {
  let agent: TestAgent;
  let other: TestAgent;
  let supervisor: TestAgent;
  let otherId: number;
  beforeAll(async () => {
    const a = await addAgent(server, "ann");
    const b = await addAgent(server, "ben");
    const s = await addAgent(server, "sue", { role: "supervisor" });
    otherId = b.id;
    agent = await TestAgent.login(server.wsUrl, a.token);
    other = await TestAgent.login(server.wsUrl, b.token);
    supervisor = await TestAgent.login(server.wsUrl, s.token);
    await bot.say("mine", "hello ann");
    expect((await agent.request({ method: "connect", userid: "mine" })).code).toBe(0);
    await bot.say("theirs", "hello ben");
    expect((await other.request({ method: "connect", userid: "theirs" })).code).toBe(0);
    await bot.say("queued", "anyone?");
  });
  afterAll(() => {
    for (const a of [agent, other, supervisor]) a.close();
  });

  test("its own users, the waiting ones, never a colleague's", async () => {
    const read = async (who: TestAgent, userid: string) => {
      const record = await who.request({ method: "get_chat_record", userid, page: 1, pagesize: 5 });
      const info = await who.request({ method: "get_user_info", userid });
      const note = await who.request({ method: "add_note", userid, text: "n" });
      return [record.code, info.code, note.code];
    };
    expect(await read(agent, "mine")).toEqual([0, 0, 0]);
    expect(await read(agent, "queued")).toEqual([0, 0, 0]);
    expect(await read(agent, "theirs")).toEqual([403, 403, 403]);
    expect(await read(supervisor, "theirs")).toEqual([0, 0, 0]);
    const refused = await agent.request({ method: "get_chat_record", userid: "theirs" });
    expectBareRefusal("get_chat_record of a colleague's user", refused);
    expect(refused.msg).not.toContain("theirs");
  });

  test("a user it served stays readable after the session ended", async () => {
    expect((await agent.request({ method: "disconnect", userid: "mine" })).code).toBe(0);
    const r = await agent.request({ method: "get_chat_record", userid: "mine" });
    expect(r.code).toBe(0);
    expect((r.data as { total: number }).total).toBeGreaterThan(0);
  });

  test("its own session list, not a colleague's; a supervisor's reaches any", async () => {
    const mine = await agent.request({ method: "get_current_session_list" });
    expect(mine.code).toBe(0);
    const theirs = await agent.request({
      method: "get_current_session_list",
      customer_id: otherId,
    });
    expect(theirs.code).toBe(403);
    expectBareRefusal("a colleague's session list", theirs);
    const watched = await supervisor.request({
      method: "get_current_session_list",
      customer_id: otherId,
    });
    expect((watched.data as { user_list: { userid: string }[] }).user_list).toEqual([
      expect.objectContaining({ userid: "theirs" }),
    ]);
  });
});

describe("HTTP routes × roles", () => {
  test("every route an agent's credential can reach: allowed from its least role, a bare 403 below", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op.security?.length ?? 0) > 0)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    // Every credentialed route is /api, /auth or the upload; /auth/login is the only open one.
    expect(routes.every((r) => / \/(api|auth)\/|^POST \/files$/.test(r))).toBe(true);
    const openOnes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.length === 0)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(openOnes).toEqual([...OPEN]);
    for (const known of Object.keys(ROUTES_BELOW_ADMIN)) expect(routes).toContain(known);

    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      const least = ROUTES_BELOW_ADMIN[route] ?? "admin";
      for (const role of ROLES) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
          ...(method === "POST" ? { body: "{}" } : {}),
        });
        const body = (await res.json()) as Record<string, unknown>;
        const label = `${route} as ${role}`;
        if (RANK[role] >= RANK[least]) {
          expect({ label, status: res.status }).not.toEqual({ label, status: 403 });
          expect({ label, status: res.status }).not.toEqual({ label, status: 401 });
        } else {
          // An `agent`'s token is no api key (401, as before roles); above it, the 403.
          const refused = role === "agent" && path.startsWith("/api/") ? 401 : 403;
          expect({ label, status: res.status }).toEqual({ label, status: refused });
          expect({ label, keys: Object.keys(body).toSorted() }).toEqual({
            label,
            keys: ["code", "msg"],
          });
          expect(body.code).toBe(refused);
        }
      }
    }
  });

  test("an agent's credential acts in its own bot only", async () => {
    const r = await bot.post("/api/customer/all", { bid: 2 }, tokens.admin);
    expect(r.status).toBe(403);
  });
});
