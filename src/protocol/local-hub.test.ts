// Unit test: the counts the HTTP API reports as `sent` (send_to_customer, send_to_group) and
// the kicks (CONTRACT.md: 492 then close 4002 on a forced login; 4004 on token rotation).
// No server is attached, so pushes to a bot go connection by connection.
import { expect, test } from "bun:test";
import { LocalPresence } from "../desk/local-presence";
import { STATUS } from "../desk/routing";
import { CLOSE } from "../errors";
import { fakeConnection } from "./fake-socket";
import { LocalHub } from "./local-hub";
import { SocketRegistry } from "./socket-registry";

function desk() {
  const presence = new LocalPresence();
  const sockets = new SocketRegistry(() => {});
  const hub = new LocalHub(sockets, presence, () => {});
  /** A connection of this node, logged in as the agent. */
  const login = (agentId: number, botId = 1) => {
    const c = fakeConnection();
    sockets.add(c.conn);
    c.conn.actor = { agentId, botId };
    // The local claim is made before login's promise: no await needed here.
    void presence.login(
      {
        agentId,
        botId,
        name: `agent ${agentId}`,
        headImg: "",
        status: STATUS.online,
        autoConnect: true,
        clientId: c.conn.clientId,
      },
      true,
    );
    return c;
  };
  return { hub, login };
}

test("toAgent reaches the agent's connection: 1, or 0 when it is not logged in or its buffer is full", async () => {
  const { hub, login } = desk();
  const { ws } = login(7);
  expect(await hub.toAgent(7, { method: "chat" })).toBe(1);
  expect(ws.frames()).toEqual([{ method: "chat" }]);
  expect(await hub.toAgent(8, { method: "chat" })).toBe(0);
  ws.sendResult = 0;
  expect(await hub.toAgent(7, { method: "chat" })).toBe(0);
});

test("toBot counts the bot's connections it reached, less the excepted agent and client ids", async () => {
  const { hub, login } = desk();
  const a = login(1);
  const b = login(2);
  const c = login(3);
  const otherBot = login(4, 2);
  expect(await hub.toBot(1, { method: "notice" })).toBe(3);
  expect(await hub.toBot(1, { method: "notice" }, { agentId: 1 })).toBe(2);
  expect(await hub.toBot(1, { method: "notice" }, { clientIds: [b.conn.clientId] })).toBe(2);
  expect([a, b, c, otherBot].map((x) => x.ws.sent.length)).toEqual([2, 2, 3, 0]);
});

test("a kick with CLOSE.replaced tells the named connection 492, then closes it 4002, once", async () => {
  const { hub, login } = desk();
  const old = login(7);
  // The forced login already claimed the agent: only the old connection is kicked.
  const fresh = login(7);
  await hub.disconnect(7, CLOSE.replaced, "logged in elsewhere", old.conn.clientId);
  expect(old.ws.frames()).toEqual([
    { code: 492, msg: "该账号已在别处登录，你已被强制下线", method: "login" },
  ]);
  expect(old.ws.closed).toEqual({ code: 4002, reason: "logged in elsewhere" });
  expect(old.conn.ending).toBe("replaced");
  expect(old.conn.actor).toBeNull();
  expect(fresh.ws.closed).toBeNull();

  await hub.disconnect(7, CLOSE.replaced, "logged in elsewhere", old.conn.clientId);
  expect(old.ws.sent).toHaveLength(1);
});

test("a kick by agent id closes its logged-in connection as given, and no one else's", async () => {
  const { hub, login } = desk();
  const mine = login(7);
  const other = login(8);
  await hub.disconnect(7, CLOSE.tokenRevoked, "token revoked", other.conn.clientId);
  expect(other.ws.closed).toBeNull();
  await hub.disconnect(7, CLOSE.tokenRevoked, "token revoked");
  expect(mine.ws.closed).toEqual({ code: 4004, reason: "token revoked" });
  expect(mine.ws.sent).toEqual([]);
  // Its close handler logs the agent out as after a drop.
  expect(mine.conn.ending).toBeNull();
  expect(mine.conn.actor).toEqual({ agentId: 7, botId: 1 });
});
