// Unit tests of the dispatcher. A reply that cannot be written out is a 500 for its own
// frame, and the connection goes on answering: no client input reaches this any more
// (json-bounds.ts refuses it), but a value stored before the bounds, or a bug, could. Work a
// frame starts in the background holds up the connection's frames of other methods only.
import { expect, test } from "bun:test";
import type { Group } from "../model/desk";
import { Connection } from "./connection";
import type { Services } from "./context";
import { createDispatch } from "./dispatcher";

/** Arrays nested `levels` deep, built without recursion. */
function nested(levels: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
}

test("a reply JSON.stringify cannot write is answered 500, and the next frame as usual", async () => {
  const groups: Group[][] = [
    [
      {
        id: 1,
        botId: 1,
        name: nested(100_000) as string,
        fallbackAfterS: 60,
        members: [],
        hours: null,
      },
    ],
    [{ id: 1, botId: 1, name: "vip", fallbackAfterS: 60, members: [], hours: null }],
  ];
  const services = { store: { groups: { listGroups: async () => groups.shift() ?? [] } } };
  const sent: Record<string, unknown>[] = [];
  const failed: unknown[] = [];
  const dispatch = createDispatch(services as unknown as Services, {
    // What the socket registry does with a reply: write it out as one text frame.
    send: (_conn, frame) => {
      sent.push(JSON.parse(JSON.stringify(frame)));
    },
    received: () => {},
    failed: (err) => failed.push(err),
  });
  const conn = new Connection();
  conn.actor = { agentId: 1, botId: 1 };

  dispatch.receive(conn, JSON.stringify({ method: "get_group_list" }));
  dispatch.receive(conn, JSON.stringify({ method: "get_group_list" }));
  await conn.queue;

  expect(sent).toEqual([
    { method: "get_group_list", code: 500, msg: "internal error" },
    {
      method: "get_group_list",
      code: 0,
      msg: "ok",
      data: { group_list: [{ group_id: 1, name: "vip", members: [] }] },
    },
  ]);
  expect(failed).toHaveLength(1);
  expect(failed[0]).toBeInstanceOf(RangeError);
});

test("a reply's learning runs in the background: the next reply does not wait for it, another method hurries it and waits", async () => {
  const log: string[] = [];
  let finish = () => {};
  const learning = new Promise<void>((resolve) => {
    finish = () => {
      log.push("learned");
      resolve();
    };
  });
  const services = {
    desk: { sendToUser: async () => ({ success: 1, failure: 0 }) },
    assistant: {
      learn: () => {
        log.push("learn");
        return { done: learning, hurry: () => log.push("hurried") };
      },
    },
    store: {
      groups: {
        listGroups: async () => {
          log.push("groups read");
          return [];
        },
      },
    },
  };
  const dispatch = createDispatch(services as unknown as Services, {
    send: (_conn, frame) => log.push(`reply ${frame.method}`),
    received: () => {},
    failed: () => {},
  });
  const conn = new Connection();
  conn.actor = { agentId: 1, botId: 1 };
  const reply = {
    method: "send_to_user",
    userid: "u1",
    message: [{ type: "text", value: { text: "hi" } }],
  };

  dispatch.receive(conn, JSON.stringify(reply));
  dispatch.receive(conn, JSON.stringify(reply));
  await conn.queue;
  // Both replies answered while the first learning still runs.
  expect(log).toEqual(["reply send_to_user", "learn", "reply send_to_user", "learn"]);

  dispatch.receive(conn, JSON.stringify({ method: "get_group_list" }));
  const answered = conn.queue;
  // Both learnings told to start now; the frame waits for them.
  expect(log.slice(4)).toEqual(["hurried", "hurried"]);
  finish();
  await answered;
  expect(log.slice(4)).toEqual([
    "hurried",
    "hurried",
    "learned",
    "groups read",
    "reply get_group_list",
  ]);
});
