import { expect, test } from "bun:test";
import type { SessionView } from "../model/desk";
import { boardSession, slaState, unansweredS } from "./board";

test("sla: ok below half the target, warning from half, breached from all; off at 0", () => {
  expect([0, 59, 60, 119, 120, 500].map((s) => slaState(s, 120))).toEqual([
    "ok",
    "ok",
    "warning",
    "warning",
    "breached",
    "breached",
  ]);
  expect(slaState(10_000, 0)).toBe("ok");
  expect(slaState(null, 120)).toBe("ok");
});

test("unanswered: since the user's last message, unless an agent wrote after it", () => {
  expect(unansweredS(undefined, 10_000)).toBeNull();
  expect(unansweredS({ user: null, agent: 5 }, 10_000)).toBeNull();
  expect(unansweredS({ user: 4_000, agent: null }, 10_000)).toBe(6);
  expect(unansweredS({ user: 4_000, agent: 3_000 }, 10_000)).toBe(6);
  expect(unansweredS({ user: 4_000, agent: 4_000 }, 10_000)).toBeNull();
});

const view = (over: Partial<SessionView>): SessionView => ({
  id: 1,
  botId: 1,
  userid: "u1",
  state: "waiting",
  agentId: null,
  queuedAt: 1_000,
  assignedAt: null,
  declinedBy: null,
  groupId: null,
  nickname: "Ann",
  headImg: "",
  lastMessage: [],
  ...over,
});

test("a waiting session is measured by its wait, an active one by its unanswered message", () => {
  const waiting = boardSession(view({}), { user: 1_000, agent: null }, 91_000, 120);
  expect(waiting).toMatchObject({ state: "waiting", wait_s: 90, since_user_s: 90, sla: "warning" });
  const active = boardSession(
    view({ state: "active", agentId: 7, assignedAt: 11_000 }),
    { user: 50_000, agent: 60_000 },
    900_000,
    120,
  );
  expect(active).toMatchObject({
    state: "active",
    customer_id: 7,
    wait_s: 10,
    assigned_at: 11,
    last_user_message_at: 50,
    since_user_s: null,
    sla: "ok",
  });
});
