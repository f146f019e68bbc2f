// Unit tests of the routing rule (CONTRACT.md, "Routing").
import { describe, expect, test } from "bun:test";
import type { Group, Session } from "../model/desk";
import {
  acceptsAutomatic,
  chooseAgent,
  declinedAfter,
  mayAssign,
  preferredAgent,
  priorityOf,
  returningAgent,
  serveOrder,
} from "./routing";

const load = (agentId: number, active: number, maxSessions = 5, lastAssignedAt = 0) => ({
  agentId,
  active,
  maxSessions,
  lastAssignedAt,
});

describe("chooseAgent", () => {
  test("nobody to choose from", () => {
    expect(chooseAgent([], null)).toBeNull();
  });
  test("least loaded first", () => {
    expect(chooseAgent([load(1, 3), load(2, 1), load(3, 2)], null)).toBe(2);
  });
  test("equal load: the one who waited longest since its last assignment", () => {
    expect(chooseAgent([load(1, 1, 5, 300), load(2, 1, 5, 100), load(3, 1, 5, 200)], null)).toBe(2);
  });
  test("full agents are skipped", () => {
    expect(chooseAgent([load(1, 5, 5), load(2, 2, 2)], null)).toBeNull();
    expect(chooseAgent([load(1, 5, 5), load(2, 4, 5)], null)).toBe(2);
  });
  test("never back to the agent who gave the user up", () => {
    expect(chooseAgent([load(1, 0), load(2, 3)], 1)).toBe(2);
    expect(chooseAgent([load(1, 0)], 1)).toBeNull();
  });
  test("a full tie is broken by the lower id, so the choice is stable", () => {
    expect(chooseAgent([load(7, 0), load(4, 0)], null)).toBe(4);
  });
});

describe("acceptsAutomatic", () => {
  test("only status 1 with auto-connect on", () => {
    expect(acceptsAutomatic({ status: 1, autoConnect: true })).toBe(true);
    expect(acceptsAutomatic({ status: 1, autoConnect: false })).toBe(false);
    expect(acceptsAutomatic({ status: 2, autoConnect: true })).toBe(false);
    expect(acceptsAutomatic({ status: 3, autoConnect: true })).toBe(false);
    expect(acceptsAutomatic({ status: 0, autoConnect: true })).toBe(false);
  });
});

const session = (over: Partial<Session> = {}): Session => ({
  id: 1,
  botId: 1,
  userid: "u",
  state: "active",
  agentId: 3,
  queuedAt: 10_000,
  assignedAt: 11_000,
  declinedBy: null,
  groupId: null,
  ...over,
});

describe("declinedAfter", () => {
  test("given back by hand or left unanswered: that agent declined the user", () => {
    expect(declinedAfter(session(), "transfer")).toBe(3);
    expect(declinedAfter(session(), "first_reply_timeout")).toBe(3);
  });
  test("a logout or a lost connection keeps whom the session remembered", () => {
    expect(declinedAfter(session({ declinedBy: 2 }), "agent_logout")).toBe(2);
    expect(declinedAfter(session(), "agent_gone")).toBeNull();
  });
});

describe("mayAssign", () => {
  const sales: Group = {
    id: 9,
    botId: 1,
    name: "sales",
    fallbackAfterS: 60,
    members: [4],
    hours: null,
  };
  const waiting = (over: Partial<Session>) => session({ state: "waiting", agentId: null, ...over });
  test("never to the agent who declined the user", () => {
    expect(mayAssign(waiting({ declinedBy: 3 }), 3, [], 0)).toBe(false);
    expect(mayAssign(waiting({ declinedBy: 3 }), 4, [], 0)).toBe(true);
  });
  test("a group's user: its members at once, anyone after the fallback wait", () => {
    const s = waiting({ groupId: 9 });
    expect(mayAssign(s, 4, [sales], 10_000)).toBe(true);
    expect(mayAssign(s, 5, [sales], 69_999)).toBe(false);
    expect(mayAssign(s, 5, [sales], 70_000)).toBe(true);
  });
  test("a group that is gone offers its user to no one", () => {
    expect(mayAssign(waiting({ groupId: 8 }), 4, [sales], 1e12)).toBe(false);
  });
});

describe("returningAgent (issue 18)", () => {
  const last = { agentId: 2, endedAt: 10_000 };
  test("back within the window: the agent who served them last", () => {
    expect(returningAgent(last, 60_000, 70_000)).toBe(2);
  });
  test("past the window, with no window, or never served: nobody", () => {
    expect(returningAgent(last, 60_000, 70_001)).toBeNull();
    expect(returningAgent(last, null, 10_001)).toBeNull();
    expect(returningAgent(null, 60_000, 10_001)).toBeNull();
  });
});

describe("preferredAgent (issue 18)", () => {
  const loads = [load(1, 0), load(2, 4), load(3, 5, 5)];
  test("the first wanted agent who may take the user now, however loaded", () => {
    expect(preferredAgent([2, 1], loads, null)).toBe(2);
    expect(preferredAgent([null, 2], loads, null)).toBe(2);
  });
  test("full, not taking users automatically, or who gave the user back: the next, or none", () => {
    expect(preferredAgent([3, 2], loads, null)).toBe(2);
    expect(preferredAgent([9], loads, null)).toBeNull();
    expect(preferredAgent([2], loads, 2)).toBeNull();
    expect(preferredAgent([null, null], loads, null)).toBeNull();
  });
});

describe("serveOrder (issue 18)", () => {
  const w = (id: number, queuedAt: number) => ({ id, queuedAt });
  const waiting = [w(1, 1_000), w(2, 2_000), w(3, 3_000)];
  test("no priorities: oldest first, as before", () => {
    expect(serveOrder(waiting, new Map(), 4_000, 60_000).map((s) => s.id)).toEqual([1, 2, 3]);
  });
  test("higher priority first, then oldest first", () => {
    const p = new Map([
      [3, 5],
      [2, 1],
    ]);
    expect(serveOrder(waiting, p, 4_000, 60_000).map((s) => s.id)).toEqual([3, 2, 1]);
  });
  test("a user who waited the aging limit is overtaken by nobody who came later", () => {
    const p = new Map([[3, 9]]);
    // At 61 s user 1 has waited 60 s: first; user 2 (59 s) is still behind the VIP.
    expect(serveOrder(waiting, p, 61_000, 60_000).map((s) => s.id)).toEqual([1, 3, 2]);
    // Later all three have aged: arrival order again.
    expect(serveOrder(waiting, p, 70_000, 60_000).map((s) => s.id)).toEqual([1, 2, 3]);
  });
});

describe("priorityOf (issue 18)", () => {
  const rule = { field: "vip", equals: true, priority: 5 };
  test("the priority the bot gave wins, 0 included", () => {
    expect(priorityOf(2, rule, { vip: true })).toBe(2);
    expect(priorityOf(0, rule, { vip: true })).toBe(0);
  });
  test("else the VIP rule's, when the profile field equals its value exactly", () => {
    expect(priorityOf(undefined, rule, { vip: true })).toBe(5);
    expect(priorityOf(undefined, rule, { vip: "true" })).toBe(0);
    expect(priorityOf(undefined, rule, null)).toBe(0);
    expect(priorityOf(undefined, null, { vip: true })).toBe(0);
  });
});
