// Accounts for people (issue 16): a password login over HTTP makes a console session that the
// WebSocket `login` takes as `token`; TOTP as a second factor; failures slow down, then lock
// the name, and are audited; a disable, a password reset or a role change closes the agent's
// live connections at once (close code 4004), from the HTTP API or from the CLI.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { base32Decode, hotp } from "../src/totp";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { CLI, kefu } from "./helpers/cli";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

// Each argon2id hash takes a good part of a second on a busy machine, and these tests make many.
setDefaultTimeout(30_000);

let server: TestServer;
let bot: TestBot;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_LOGIN_BACKOFF_MS: "1" } });
  bot = new TestBot(server.url, server.apiKey);
});
afterAll(() => server.destroy());

const PASSWORD = "correct horse battery staple";

async function withPassword(name: string, role?: "supervisor" | "admin"): Promise<NewAgent> {
  const agent = await addAgent(server, name, role ? { role } : {});
  const r = await bot.post("/api/customer/password", {
    customer_id: agent.id,
    login: name,
    password: PASSWORD,
  });
  expect(r.status).toBe(200);
  return agent;
}

const login = (body: Record<string, unknown>) =>
  bot.post<{ token: string; customer_id: number; role: string; expires_at: number }>(
    "/auth/login",
    body,
    "",
  );

const codeNow = (secret: string) =>
  hotp(base32Decode(secret) ?? new Uint8Array(), Math.floor(Date.now() / 30_000));

describe("password logins", () => {
  test("a session logs in on the WebSocket as the agent, and over HTTP", async () => {
    const ann = await withPassword("ann");
    const r = await login({ login: "ann", password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ customer_id: ann.id, role: "agent" });
    expect(r.body.data.token).toMatch(/^kfs_/);
    expect(r.body.data.expires_at).toBeGreaterThan(Date.now() / 1000);
    const ws = await TestAgent.login(server.wsUrl, r.body.data.token);
    expect(ws.me.customer_id).toBe(ann.id);
    const me = await bot.post("/auth/me", {}, r.body.data.token);
    expect(me.body.data).toMatchObject({ customer_id: ann.id, login: "ann", totp: 0 });
    ws.close();
  });

  test("the first start's agent 1 is an admin", async () => {
    const me = await bot.post("/auth/me", {}, server.token);
    expect(me.body.data).toMatchObject({ customer_id: 1, role: "admin", login: null });
  });

  test("a wrong password, an unknown name: 401 alike, and the store keeps no session", async () => {
    await withPassword("bob");
    const wrong = await login({ login: "bob", password: "not it at all" });
    const unknown = await login({ login: "nobody-here", password: PASSWORD });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.msg).toBe(unknown.body.msg);
    const audit = await bot.get<{ entries: { action: string; details: { reason?: string } }[] }>(
      "/api/audit?limit=20",
    );
    expect(audit.body.data.entries).toContainEqual(
      expect.objectContaining({
        action: "console_login_failed",
        details: { reason: "credentials" },
      }),
    );
  });

  test("failures in a row lock the name (429 with Retry-After); other names are not", async () => {
    await withPassword("cat");
    for (let i = 0; i < 5; i++)
      expect((await login({ login: "cat", password: "guess number x" })).status).toBe(401);
    const res = await fetch(`${server.url}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "cat", password: PASSWORD }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await login({ login: "ann", password: PASSWORD })).status).toBe(200);
  });

  test("bad input is 400 naming the field, and a short new password is refused", async () => {
    const bad = await login({ login: "has space", password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(bad.body.msg).toContain("login");
    const short = await bot.post("/api/customer/password", {
      customer_id: 1,
      login: "root",
      password: "short",
    });
    expect(short.status).toBe(400);
    expect(short.body.msg).toContain("password");
  });

  test("a login name is one agent's: 409 for another", async () => {
    const other = await addAgent(server, "dup");
    const r = await bot.post("/api/customer/password", {
      customer_id: other.id,
      login: "ann",
      password: PASSWORD,
    });
    expect(r.status).toBe(409);
  });

  test("logout ends the session: the WebSocket no longer takes it", async () => {
    const r = await login({ login: "ann", password: PASSWORD });
    const token = r.body.data.token;
    expect((await bot.post("/auth/logout", {}, token)).body.data).toEqual({ revoked: 1 });
    const ws = await TestAgent.connect(server.wsUrl);
    expect((await ws.request({ method: "login", token })).code).toBe(440);
    ws.close();
  });

  test("changing one's password keeps this session and ends the others", async () => {
    await withPassword("dee");
    const a = (await login({ login: "dee", password: PASSWORD })).body.data.token;
    const b = (await login({ login: "dee", password: PASSWORD })).body.data.token;
    const wrong = await bot.post(
      "/auth/password",
      { old_password: "nope", password: "x".repeat(9) },
      a,
    );
    expect(wrong.status).toBe(401);
    const r = await bot.post(
      "/auth/password",
      { old_password: PASSWORD, password: `${PASSWORD}!` },
      a,
    );
    expect(r.status).toBe(200);
    expect((await bot.post("/auth/me", {}, a)).status).toBe(200);
    expect((await bot.post("/auth/me", {}, b)).status).toBe(401);
    expect((await login({ login: "dee", password: `${PASSWORD}!` })).status).toBe(200);
  });
});

describe("TOTP", () => {
  test("once on, the login needs the code; a wrong code is 401; off again with a code", async () => {
    await withPassword("eve");
    const token = (await login({ login: "eve", password: PASSWORD })).body.data.token;
    const setup = await bot.post<{ secret: string; uri: string }>("/auth/totp/setup", {}, token);
    const { secret, uri } = setup.body.data;
    expect(uri).toStartWith("otpauth://totp/kefu%3Aeve?secret=");
    const mismatch = await bot.post("/auth/totp/enable", { secret, code: "000000" }, token);
    expect(mismatch.status).toBe(codeNow(secret) === "000000" ? 200 : 409);
    expect(
      (await bot.post("/auth/totp/enable", { secret, code: codeNow(secret) }, token)).status,
    ).toBe(200);

    const bare = await login({ login: "eve", password: PASSWORD });
    expect(bare.status).toBe(401);
    expect(bare.body.msg).toBe("a TOTP code is required");
    const wrongCode = codeNow(secret) === "123456" ? "654321" : "123456";
    expect((await login({ login: "eve", password: PASSWORD, totp: wrongCode })).status).toBe(401);
    const ok = await login({ login: "eve", password: PASSWORD, totp: codeNow(secret) });
    expect(ok.status).toBe(200);
    expect((await bot.post("/auth/me", {}, ok.body.data.token)).body.data).toMatchObject({
      totp: 1,
    });

    expect((await bot.post("/auth/totp/disable", { code: codeNow(secret) }, token)).status).toBe(
      200,
    );
    expect((await login({ login: "eve", password: PASSWORD })).status).toBe(200);
    // The secret is never shown again.
    const row = await bot.post<{ login: string; totp: number }[]>("/api/customer/all", {});
    expect(JSON.stringify(row.body)).not.toContain(secret);
  });
});

describe("closing an agent out", () => {
  test("a disable closes its token and session connections at once; neither logs in again", async () => {
    const fay = await withPassword("fay");
    const session = (await login({ login: "fay", password: PASSWORD })).body.data.token;
    const byToken = await TestAgent.login(server.wsUrl, fay.token);
    const bySession = await TestAgent.login(server.wsUrl, session, { force_online: true });
    const r = await bot.post("/api/customer/update", { customer_id: fay.id, disabled: 1 });
    expect(r.body.data).toMatchObject({ disabled: 1 });
    expect(await bySession.waitClosed()).toEqual({ code: 4004, reason: "agent disabled" });
    expect(byToken.closed).not.toBeNull();
    for (const token of [fay.token, session]) {
      const ws = await TestAgent.connect(server.wsUrl);
      expect((await ws.request({ method: "login", token })).code).toBe(440);
      ws.close();
    }
    expect((await login({ login: "fay", password: PASSWORD })).status).toBe(401);
    // Enabled again, it logs in with its password.
    await bot.post("/api/customer/update", { customer_id: fay.id, disabled: 0 });
    expect((await login({ login: "fay", password: PASSWORD })).status).toBe(200);
  });

  test("a password reset by an admin closes its connections; the old password stops", async () => {
    const gus = await withPassword("gus");
    const session = (await login({ login: "gus", password: PASSWORD })).body.data.token;
    const ws = await TestAgent.login(server.wsUrl, session);
    const boss = await withPassword("boss", "admin");
    const bossToken = (await login({ login: "boss", password: PASSWORD })).body.data.token;
    const r = await bot.post(
      "/api/customer/password",
      { customer_id: gus.id, login: "gus", password: `${PASSWORD} 2` },
      bossToken,
    );
    expect(r.status).toBe(200);
    expect(await ws.waitClosed()).toEqual({ code: 4004, reason: "password reset" });
    expect((await login({ login: "gus", password: PASSWORD })).status).toBe(401);
    expect((await login({ login: "gus", password: `${PASSWORD} 2` })).status).toBe(200);
    const audit = await bot.get<{
      entries: { action: string; actor_type: string; actor_id: number }[];
    }>("/api/audit?limit=50");
    expect(audit.body.data.entries).toContainEqual(
      expect.objectContaining({ action: "password_reset", actor_type: "agent", actor_id: boss.id }),
    );
  });

  test("a role change closes its connections; its next login has the new role", async () => {
    const hal = await addAgent(server, "hal");
    const ws = await TestAgent.login(server.wsUrl, hal.token);
    expect((await ws.request({ method: "get_reports" })).code).toBe(403);
    await bot.post("/api/customer/update", { customer_id: hal.id, role: "supervisor" });
    expect(await ws.waitClosed()).toEqual({ code: 4004, reason: "role changed" });
    const again = await TestAgent.login(server.wsUrl, hal.token);
    expect((await again.request({ method: "get_reports" })).code).toBe(0);
    again.close();
  });

  test("kft_ tokens keep working for programmatic agents", async () => {
    const bot2 = await addAgent(server, "robot-ish");
    const ws = await TestAgent.login(server.wsUrl, bot2.token);
    expect((await ws.request({ method: "get_wait_user_list" })).code).toBe(0);
    ws.close();
  });

  test("from the CLI: a password (standard input), then a disable that closes the connection", async () => {
    const ivy = await addAgent(server, "ivy");
    const proc = Bun.spawn(
      [
        process.execPath,
        CLI,
        "agent",
        "password",
        "--customer-id",
        String(ivy.id),
        "--login",
        "ivy",
        "--db",
        server.db,
        "--json",
      ],
      { stdin: new Blob([`${PASSWORD}\n`]), stdout: "pipe", stderr: "pipe" },
    );
    expect(await proc.exited).toBe(0);
    expect(JSON.parse(await new Response(proc.stdout).text())).toEqual({
      customer_id: ivy.id,
      login: "ivy",
    });
    const session = (await login({ login: "ivy", password: PASSWORD })).body.data.token;
    const ws = await TestAgent.login(server.wsUrl, session);
    const closed = ws.waitClosed(10_000);
    const r = await kefu([
      "agent",
      "disable",
      "--customer-id",
      String(ivy.id),
      "--db",
      server.db,
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(await closed).toEqual({ code: 4004, reason: "token revoked" });
    const role = await kefu([
      "agent",
      "role",
      "--customer-id",
      String(ivy.id),
      "--role",
      "boss",
      "--db",
      server.db,
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role");
  });
});
