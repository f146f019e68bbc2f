// `kefu serve` with KEFU_LOG_FORMAT=json: one JSON line per HTTP request and per WebSocket
// open and close, tied to the response by x-request-id, and never a secret or a message's text.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { spawnServe } from "./helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "kefu-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("JSON log lines: requests and connections, with ids, without secrets or text", async () => {
  const s = await spawnServe(["--port", "0", "--host", "127.0.0.1", "--db", join(dir, "kefu.db")], {
    KEFU_LOG_FORMAT: "json",
    KEFU_LOG_LEVEL: "info",
  });
  try {
    const apiKey = /api key:\s+(kfk_\S+)/.exec(s.output)?.[1] as string;
    const token = /token:\s+(kft_\S+)/.exec(s.output)?.[1] as string;
    const userText = "my card number is 4111-secret";
    const agentText = "please never log this reply";

    const agent = await TestAgent.login(`ws://127.0.0.1:${s.port}/ws`, token);
    const res = await fetch(`${s.url}/api/chat/user_message`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "x-request-id": "shop-7f3a",
      },
      body: JSON.stringify({
        userid: "u1",
        user_query: [{ type: "text", value: { text: userText } }],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("shop-7f3a");
    const generated = await new TestBot(s.url, apiKey).post("/api/customer/list", {});
    expect(generated.status).toBe(200);
    expect((await agent.request({ method: "connect", userid: "u1" })).code).toBe(0);
    const sent = await agent.request({
      method: "send_to_user",
      userid: "u1",
      message: [{ type: "text", value: { text: agentText } }],
    });
    expect(sent.code).toBe(0);
    agent.close();
    await agent.waitClosed();
    // The close is logged after the socket is gone; give the server a moment.
    for (let i = 0; i < 250 && !s.log.includes('"ws close"'); i++) await Bun.sleep(20);

    const lines = s.log.trim().split("\n");
    const entries = lines.map((l) => JSON.parse(l));
    for (const e of entries) {
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
      expect(["debug", "info", "warn", "error"]).toContain(e.level);
      expect(typeof e.msg).toBe("string");
    }
    expect(entries.find((e) => e.request_id === "shop-7f3a")).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "http request",
      method: "POST",
      route: "/api/chat/user_message",
      status: 200,
      ms: expect.any(Number),
      request_id: "shop-7f3a",
    });
    const list = entries.find((e) => e.route === "/api/customer/list");
    expect(list?.request_id).toMatch(/^[0-9a-f-]{36}$/);

    const opened = entries.find((e) => e.msg === "ws open");
    expect(opened).toMatchObject({
      level: "info",
      client_id: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    expect(entries.find((e) => e.msg === "ws close")).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "ws close",
      client_id: opened?.client_id,
      agent_id: 1,
      bid: 1,
      code: expect.any(Number),
      ms: expect.any(Number),
    });

    for (const secret of [apiKey, token, userText, agentText, "4111"]) {
      expect(s.log).not.toContain(secret);
    }
  } finally {
    s.proc.kill("SIGKILL");
  }
});
