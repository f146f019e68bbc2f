// A console session's WebSocket ends with the session (issue 16): when the session expires
// (KEFU_CONSOLE_SESSION_S, short here) its connection closes with the token-revoked code, as
// a rotated token's does; a `kft_` token's connection, which has no expiry, stays.
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

// An argon2id hash takes a good part of a second on a busy machine.
setDefaultTimeout(30_000);

/** Long enough for the password login and the WebSocket login to land inside it. */
const SESSION_S = 5;
const PASSWORD = "correct horse battery staple";

let server: TestServer;
let bot: TestBot;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_CONSOLE_SESSION_S: String(SESSION_S) } });
  bot = new TestBot(server.url, server.apiKey);
});
afterAll(() => server.destroy());

test("a session's connection closes with 4004 when the session expires", async () => {
  const ann = await addAgent(server, "ann");
  await bot.post("/api/customer/password", {
    customer_id: ann.id,
    login: "ann",
    password: PASSWORD,
  });
  const made = await bot.post<{ token: string; expires_at: number }>(
    "/auth/login",
    { login: "ann", password: PASSWORD },
    "",
  );
  expect(made.status).toBe(200);
  const session = await TestAgent.login(server.wsUrl, made.body.data.token);
  const programmatic = await TestAgent.login(server.wsUrl, server.token);

  const closed = await session.waitClosed((SESSION_S + 10) * 1000);
  expect(closed).toEqual({ code: 4004, reason: "session expired" });
  expect(Date.now()).toBeGreaterThanOrEqual(made.body.data.expires_at * 1000 - 1000);
  // The session is over for HTTP too.
  expect((await bot.post("/auth/me", {}, made.body.data.token)).status).toBe(401);
  // The token's connection has no expiry: it still answers.
  expect(programmatic.closed).toBeNull();
  const status = await programmatic.request({ method: "set_customer_status", status: 2 });
  expect(status.code).toBe(0);
  programmatic.close();
});
