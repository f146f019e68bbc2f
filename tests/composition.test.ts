// One composition root (issue 13): startServer builds kefu from parts that a caller may
// supply, the stores it opened and this node's presence and hub, so another engine or a
// cluster's hub plugs in without touching the desk, the protocol or the HTTP routes.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config";
import type { Frame } from "../src/desk/hub";
import { openStores } from "../src/open-stores";
import { oneNode, startServer } from "../src/server";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";

const dir = mkdtempSync(join(tmpdir(), "kefu-compose-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the stores and the hub given to startServer are the ones the desk uses", async () => {
  const config = loadConfig(
    { port: "0", host: "127.0.0.1", db: join(dir, "kefu.db") },
    { KEFU_SYNC: "normal", KEFU_LOG_LEVEL: "warn" },
  );
  // Another file than config.db: only the given stores can hold what the desk writes.
  const stores = await openStores({ ...config, db: join(dir, "given.db") });
  const pushed: string[] = [];
  const server = await startServer(config, {
    stores,
    node: (sockets, framesOut) => {
      const parts = oneNode(sockets, framesOut);
      const toBot = parts.hub.toBot.bind(parts.hub);
      parts.hub.toBot = (botId, frame: Frame, except) => {
        pushed.push(String(frame.method));
        return toBot(botId, frame, except);
      };
      return parts;
    },
  });
  try {
    const first = server.bootstrap;
    expect(first).not.toBeNull();
    const agent = await TestAgent.login(`ws://127.0.0.1:${server.port}/ws`, first?.token ?? "");
    const waiting = agent.next((f) => f.method === "wait_list_push");
    // Auto-connect is off for a new agent: the user waits, and the desk tells the bot's agents.
    const said = await new TestBot(server.url, first?.apiKey ?? "").say("u1", "hello");
    expect(said.body.data.state).toBe("waiting");
    expect((await waiting).method).toBe("wait_list_push");
    agent.close();
    expect(pushed).toContain("wait_list_push");
    // The message is in the stores this test opened and handed over, not in config.db.
    const recent = await stores.stores.history.recentMessages(first?.bid ?? 0, "u1", 5);
    expect(recent.map((m) => m.from)).toEqual(["user"]);
  } finally {
    await server.stop();
  }
});
