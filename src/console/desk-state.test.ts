// How the console's picture of the desk follows the seed's pushes (sections 3, 5, 8-11).
import { expect, test } from "bun:test";
import { DeskState } from "./desk-state";
import type { LoginReply } from "./frames";

const text = (s: string) => [{ type: "text" as const, value: { text: s } }];
const userPush = (method: string, userid: string, s: string) => ({
  code: 0,
  method,
  userid,
  nickname: `nick-${userid}`,
  head_img: "",
  timestamp: 1000,
  user_query: text(s),
});

function loggedIn(): DeskState {
  const state = new DeskState();
  const reply: LoginReply = {
    method: "login",
    code: 0,
    customer_id: 1,
    customer_name: "admin",
    bid: 1,
    status: 1,
    auto_connect: 0,
    customer_list: [
      { customer_id: 1, customer_name: "admin", status: 1 },
      { customer_id: 2, customer_name: "Bea", status: 2 },
    ],
  };
  state.loggedIn(reply);
  return state;
}

test("a waiting user is listed, counts messages, and leaves when a colleague takes them", () => {
  const state = loggedIn();
  expect(state.apply(userPush("wait_list_push", "u1", "hello"))).toMatchObject({
    kind: "waiting",
    fresh: true,
  });
  state.apply(userPush("wait_list_push", "u1", "anyone?"));
  expect(state.waiting.get("u1")).toMatchObject({ unread: 2, nickname: "nick-u1", since: 1000 });
  expect(state.apply({ code: 0, method: "connect_push", userid: "u1", customer_id: 2 })).toEqual({
    kind: "lost",
    userid: "u1",
    nickname: "nick-u1",
    why: "taken",
  });
  expect(state.waiting.size).toBe(0);
});

test("a user given to the agent is gained once, then each message counts unless open", () => {
  const state = loggedIn();
  state.apply(userPush("wait_list_push", "u1", "hello"));
  expect(state.apply(userPush("connect_list_push", "u1", "hello")).kind).toBe("gained");
  expect(state.waiting.has("u1")).toBe(false);
  expect(state.apply(userPush("connect_list_push", "u1", "more")).kind).toBe("message");
  expect(state.mine.get("u1")?.unread).toBe(2);
  state.open = "u1";
  state.apply(userPush("connect_list_push", "u1", "and more"));
  expect(state.mine.get("u1")?.unread).toBe(0);
});

test("only the desk moving this agent's own user takes it from the sessions", () => {
  const state = loggedIn();
  state.apply(userPush("connect_list_push", "u1", "hello"));
  const fromColleague = { code: 0, method: "transfer_push", userid: "u1", from_customer_id: 2 };
  expect(state.apply(fromColleague).kind).toBe("none");
  expect(state.apply({ ...fromColleague, from_customer_id: 1 }).kind).toBe("lost");
  expect(state.mine.size).toBe(0);
});

test("colleagues come, change status and go; the desk may set the agent away", () => {
  const state = loggedIn();
  expect([...state.colleagues.keys()]).toEqual([2]);
  state.apply({ code: 0, method: "login_push", customer_id: 3, customer_name: "Cai" });
  state.apply({ code: 0, method: "set_customer_status_push", customer_id: 3, status: 3 });
  expect(state.colleagues.get(3)).toMatchObject({ customer_name: "Cai", status: 3 });
  state.apply({ code: 0, method: "logout_push", customer_id: 2, customer_name: "Bea" });
  expect([...state.colleagues.keys()]).toEqual([3]);
  const away = { code: 0, method: "set_customer_status_push", customer_id: 1, status: 3 };
  expect(state.apply(away)).toEqual({ kind: "setAway" });
  expect(state.me.status).toBe(3);
  expect(state.apply(away)).toEqual({ kind: "presence" });
});

test("the desk's own moves carry their reason, even after the user moved on", () => {
  const state = loggedIn();
  state.apply(userPush("connect_list_push", "u1", "hello"));
  state.apply(userPush("connect_list_push", "u2", "hi"));
  // The user is back in the waiting list before the transfer_push tells why.
  state.apply(userPush("wait_list_push", "u1", "hello"));
  const timeout = {
    code: 0,
    method: "transfer_push",
    userid: "u1",
    from_customer_id: 1,
    reason: "first_reply_timeout",
  };
  expect(state.apply(timeout)).toEqual({
    kind: "lost",
    userid: "u1",
    nickname: "nick-u1",
    why: "transferred",
    reason: "first_reply_timeout",
  });
  const idle = { code: 0, method: "disconnect_push", userid: "u2", customer_id: 1, reason: "idle" };
  expect(state.apply(idle)).toMatchObject({ kind: "lost", why: "ended", reason: "idle" });
  expect(state.mine.size).toBe(0);
  // A colleague's session ending idle is no news for this agent.
  expect(state.apply({ ...idle, userid: "u9", customer_id: 2 }).kind).toBe("none");
});

test("a colleague's note is passed on", () => {
  const state = loggedIn();
  const note = {
    code: 0,
    method: "note_push",
    userid: "u1",
    customer_id: 2,
    text: "VIP",
    timestamp: 5,
  };
  expect(state.apply(note)).toEqual({
    kind: "note",
    userid: "u1",
    customerId: 2,
    text: "VIP",
    timestamp: 5,
  });
});

test("a colleague's hand-over is kept for the receiver's conversation", () => {
  const state = loggedIn();
  state.apply(userPush("connect_list_push", "u5", "help"));
  const pushed = { code: 0, method: "transfer_push", userid: "u5" };
  expect(state.apply({ ...pushed, from_customer_id: 2, customer_id: 1 })).toEqual({
    kind: "handedIn",
    userid: "u5",
    from: 2,
  });
  expect(state.handedOver.get("u5")).toEqual({ from: 2, to: 1 });
  // Back to the queue by the colleague: kept for whoever opens the waiting user.
  expect(state.apply({ ...pushed, userid: "u6", from_customer_id: 2 })).toEqual({ kind: "none" });
  expect(state.handedOver.get("u6")).toEqual({ from: 2, to: null });
  state.apply({ code: 0, method: "disconnect_push", userid: "u5", customer_id: 1 });
  expect(state.handedOver.has("u5")).toBe(false);
});

test("who took a waiting user, and the nickname, outlive the lists", () => {
  const state = loggedIn();
  state.apply(userPush("wait_list_push", "u7", "hello"));
  state.apply({ code: 0, method: "connect_push", userid: "u7", customer_id: 2 });
  expect(state.waiting.has("u7")).toBe(false);
  expect(state.takenBy.get("u7")).toBe(2);
  expect(state.nameOf("u7")).toBe("nick-u7");
  expect(state.nameOf("never-seen")).toBe("never-seen");
});
