// Unit test: the one-node presence keeps the claim atomic per agent (CONTRACT.md "Login":
// 490, or 492 with force_online) and releases only for the connection that holds it.
import { expect, test } from "bun:test";
import { LocalPresence } from "./local-presence";
import type { OnlineAgent } from "./presence";
import { STATUS } from "./routing";

const on = (agentId: number, clientId: string, botId = 1): OnlineAgent => ({
  agentId,
  botId,
  name: `agent ${agentId}`,
  headImg: "",
  status: STATUS.online,
  autoConnect: true,
  clientId,
});

test("of two logins of one agent at once, one claims it and the other is refused", async () => {
  const presence = new LocalPresence();
  const claims = await Promise.all([
    presence.login(on(7, "c1"), false),
    presence.login(on(7, "c2"), false),
  ]);
  expect(claims).toEqual([
    { claimed: true, replaced: null },
    { claimed: false, holder: on(7, "c1") },
  ]);
  expect(await presence.size()).toBe(1);
});

test("a forced login takes the agent over and names the connection it replaced", async () => {
  const presence = new LocalPresence();
  await presence.login(on(7, "c1"), false);
  await presence.setStatus(7, STATUS.away);
  expect(await presence.login(on(7, "c2"), true)).toEqual({
    claimed: true,
    replaced: { ...on(7, "c1"), status: STATUS.away },
  });
  expect(presence.route(7)).toBe("c2");
  // The replaced connection's close releases nothing: the agent is logged in on c2.
  expect(await presence.drop(7, "c1")).toBeNull();
  expect(await presence.isOnline(7)).toBe(true);
  expect(await presence.drop(7, "c2")).toEqual(on(7, "c2"));
  expect(await presence.get(7)).toBeNull();
});

test("candidates are the bot's agents online with auto-connect on, in login order", async () => {
  const presence = new LocalPresence();
  await presence.login(on(3, "c3"), false);
  await presence.login(on(1, "c1"), false);
  await presence.login(on(2, "c2"), false);
  await presence.login(on(9, "c9", 2), false);
  await presence.setAutoConnect(2, false);
  await presence.setStatus(1, STATUS.offline);
  expect(await presence.candidates(1)).toEqual([3]);
  expect(await presence.isOnline(1)).toBe(false);
  expect((await presence.list(1)).map((a) => a.agentId)).toEqual([3, 1, 2]);
  expect(presence.routesOfBot(2)).toEqual([{ agentId: 9, clientId: "c9" }]);
});
