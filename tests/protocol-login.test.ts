// Seed sections 3 and 4: login, its failures, force_online, logout, and what the others see.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bob: NewAgent;
let carol: NewAgent;
const open: TestAgent[] = [];

beforeAll(async () => {
  server = await startTestServer();
  bob = await addAgent(server, "bob");
  carol = await addAgent(server, "carol");
});
afterAll(() => server.destroy());

/** Every agent a test opens is closed after it, so each test starts with nobody online. */
async function login(token: string, extra: Record<string, unknown> = {}) {
  const a = await TestAgent.login(server.wsUrl, token, extra);
  open.push(a);
  return a;
}
async function connect() {
  const a = await TestAgent.connect(server.wsUrl);
  open.push(a);
  return a;
}
afterEach(async () => {
  for (const a of open.splice(0)) {
    a.close();
    if (!a.closed) await a.waitClosed();
  }
});

describe("login", () => {
  test("the reply has the seed's fields with their types, and the contract's additions", async () => {
    const a = await connect();
    const reply = await a.request({ method: "login", token: server.token });
    expect(reply).toEqual({
      method: "login",
      code: 0,
      msg: "ok",
      head_img: "",
      timestamp: expect.any(Number),
      customer_list: [{ customer_id: 1, customer_name: "admin", head_img: "", status: 1 }],
      customer_id: 1,
      customer_name: "admin",
      bid: 1,
      client_id: expect.any(String),
      status: 1,
      auto_connect: 0,
    });
    expect(Math.abs((reply.timestamp as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(reply.client_id).not.toBe("");
  });

  test("the upgrade is served on / as well as /ws", async () => {
    const a = await TestAgent.connect(server.wsUrl.replace(/\/ws$/, "/"));
    open.push(a);
    expect((await a.request({ method: "login", token: server.token })).code).toBe(0);
  });

  test("customer_list holds the bot's online agents, the caller included, not those at status 0", async () => {
    await login(bob.token);
    const hidden = await login(carol.token);
    expect((await hidden.request({ method: "set_customer_status", status: 0 })).code).toBe(0);
    const admin = await login(server.token);
    const list = admin.me.customer_list as { customer_id: number; status: number }[];
    expect(list.map((c) => c.customer_id).sort()).toEqual([1, bob.id]);
    expect(new Set([admin.me.client_id, hidden.me.client_id]).size).toBe(2);
  });

  test("auto_connect is kept across logins", async () => {
    const watcher = await login(server.token);
    const first = await login(bob.token);
    expect(first.me.auto_connect).toBe(0);
    await first.request({ method: "set_auto_connect_status", status: 1 });
    first.close();
    await watcher.push("logout_push");
    const again = await login(bob.token);
    expect(again.me.auto_connect).toBe(1);
    await again.request({ method: "set_auto_connect_status", status: 0 });
  });

  test("an invalid token is 440 and the connection stays open for another try", async () => {
    const a = await connect();
    const bad = await a.request({ method: "login", token: "kft_nope" });
    expect(bad).toMatchObject({ method: "login", code: 440, msg: "Invalid token" });
    expect(a.closed).toBeNull();
    const good = await a.request({ method: "login", token: server.token });
    expect(good.code).toBe(0);
  });

  test("a second login without force_online is 490 and the first stays logged in", async () => {
    const first = await login(bob.token);
    const second = await connect();
    const reply = await second.request({ method: "login", token: bob.token });
    expect(reply).toMatchObject({ method: "login", code: 490, msg: "该账号已在别处登录" });
    const still = await first.request({ method: "get_wait_user_list" });
    expect(still.code).toBe(0);
    expect(first.closed).toBeNull();
  });

  test("force_online: the old connection gets 492 and is closed; the new one works; nobody sees a logout", async () => {
    const watcher = await login(server.token);
    const old = await login(bob.token);
    await watcher.push("login_push");
    await new TestBot(server.url, server.apiKey).say("k1", "hello");
    expect((await old.request({ method: "connect", userid: "k1" })).code).toBe(0);
    const fresh = await login(bob.token, { force_online: 1 });
    const kicked = await old.next((f) => f.code === 492);
    expect(kicked).toMatchObject({
      code: 492,
      method: "login",
      msg: "该账号已在别处登录，你已被强制下线",
    });
    await old.waitClosed();
    expect((await fresh.request({ method: "get_wait_user_list" })).code).toBe(0);
    expect(fresh.me.client_id).not.toBe(old.me.client_id);
    expect(await watcher.none("logout_push")).toBe(true);
    expect(watcher.frames.some((f) => f.method === "transfer_push")).toBe(false);
    // The agent's users stay with it, on the new connection.
    const list = await fresh.request({ method: "get_current_session_list" });
    expect(
      (list.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid),
    ).toEqual(["k1"]);
    expect((await fresh.request({ method: "disconnect", userid: "k1" })).code).toBe(0);
  });

  test("force_online from a connection showing offline: the others see the agent online again", async () => {
    const watcher = await login(server.token);
    const old = await login(carol.token);
    await watcher.push("login_push");
    expect((await old.request({ method: "set_customer_status", status: 0 })).code).toBe(0);
    expect((await watcher.push("set_customer_status_push")).status).toBe(0);
    const fresh = await login(carol.token, { force_online: 1 });
    expect(fresh.me.status).toBe(1);
    const back = await watcher.push("set_customer_status_push");
    expect(back).toEqual({
      code: 0,
      method: "set_customer_status_push",
      customer_id: carol.id,
      customer_name: "carol",
      status: 1,
    });
  });

  test("another agent's login is pushed to the bot's others with the seed's fields", async () => {
    const watcher = await login(server.token);
    await login(bob.token);
    expect(await watcher.push("login_push")).toEqual({
      code: 0,
      method: "login_push",
      customer_name: "bob",
      customer_id: bob.id,
      timestamp: expect.any(Number),
    });
  });
});

describe("logout", () => {
  test("logout is answered, then the connection closes, and the others get logout_push", async () => {
    const watcher = await login(server.token);
    const bobs = await login(bob.token);
    await watcher.push("login_push");
    const reply = await bobs.request({ method: "logout" });
    expect(reply).toEqual({ method: "logout", code: 0, msg: "ok" });
    await bobs.waitClosed();
    expect(await watcher.push("logout_push")).toEqual({
      code: 0,
      method: "logout_push",
      customer_id: bob.id,
      customer_name: "bob",
      timestamp: expect.any(Number),
    });
    // Logged out means offline: the same token logs in again without force_online.
    expect((await login(bob.token)).me.code).toBe(0);
  });

  test("a dropped last connection sends logout_push too", async () => {
    const watcher = await login(server.token);
    const bobs = await login(bob.token);
    await watcher.push("login_push");
    bobs.ws.close();
    expect(await watcher.push("logout_push")).toMatchObject({
      method: "logout_push",
      customer_id: bob.id,
    });
  });

  test("a connection that never logged in closes without a logout_push", async () => {
    const watcher = await login(server.token);
    const a = await connect();
    a.close();
    await a.waitClosed();
    expect(await watcher.none("logout_push")).toBe(true);
  });
});

describe("simultaneous logins of one agent", () => {
  /**
   * Sends `login` on every socket at once and waits until each has its answer: the login
   * reply, or for a connection another forced login replaced, the 492 and the close.
   */
  async function race(token: string, forced: boolean[]) {
    const sockets = await Promise.all(forced.map(() => connect()));
    sockets.forEach((s, i) => {
      s.send({ method: "login", token, ...(forced[i] ? { force_online: 1 } : {}) });
    });
    const first = await Promise.all(sockets.map((s) => s.next((f) => f.method === "login")));
    // A barrier per socket: a reply to a later frame means every earlier push has arrived.
    const after = await Promise.all(
      sockets.map(async (s) => {
        if (s.closed) return { code: s.closed.code };
        s.send({ method: "get_wait_user_list" });
        const reply = await Promise.race([
          s.next((f) => f.method === "get_wait_user_list"),
          s.waitClosed().then((c) => ({ code: c.code })),
        ]);
        return { code: reply.code as number };
      }),
    );
    return { sockets, first, after: after.map((a) => a.code) };
  }

  test("without force_online exactly one login succeeds and the others get 490", async () => {
    for (let round = 0; round < 40; round++) {
      const agent = await addAgent(server, `twin${round}`);
      const { first, after } = await race(agent.token, [false, false, false]);
      expect(first.map((f) => f.code).toSorted()).toEqual([0, 490, 490]);
      // The winner works, the losers are open and not logged in.
      expect(after.toSorted()).toEqual([0, 401, 401]);
      for (const s of open.splice(0)) s.close();
    }
  }, 60_000);

  test("with force_online only the last connection stays logged in; every other one is kicked with 492", async () => {
    for (let round = 0; round < 30; round++) {
      const agent = await addAgent(server, `forced${round}`);
      const forced = [true, round % 2 === 0, true, false];
      const { sockets, first, after } = await race(agent.token, forced);
      expect(after.filter((c) => c === 0)).toHaveLength(1);
      sockets.forEach((s, i) => {
        if (after[i] === 0) return;
        if (s.closed) {
          // A replaced connection was told so before it was closed.
          expect(s.closed.code).toBe(4002);
          expect([first[i], ...s.frames].some((f) => f?.code === 492)).toBe(true);
        } else {
          expect(after[i]).toBe(401);
        }
      });
      for (const s of open.splice(0)) s.close();
    }
  }, 60_000);
});
