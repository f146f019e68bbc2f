// The events' payloads as the contract lists them, field for field.
import { expect, test } from "bun:test";
import { deskEvents } from "./events";

const s = { id: 7, botId: 1, userid: "u1", agentId: 3 };

test("each event names its session and the agents it concerns", () => {
  expect(deskEvents.connected(s, 3, "auto")).toEqual({
    type: "session_connected",
    botId: 1,
    userid: "u1",
    payload: { session_id: 7, customer_id: 3, assigned: "auto" },
  });
  expect(deskEvents.transferred(s, 3, 4).payload).toEqual({
    session_id: 7,
    from_customer_id: 3,
    customer_id: 4,
  });
  expect(deskEvents.requeued(s, "transfer").payload).toEqual({
    session_id: 7,
    from_customer_id: 3,
    reason: "transfer",
  });
  const items = [{ type: "text" as const, value: { text: "hi" } }];
  expect(deskEvents.agentMessage(s, 3, items).payload).toEqual({
    session_id: 7,
    customer_id: 3,
    message: items,
  });
});

test("a session ended by a rule names the agent it was with", () => {
  expect(deskEvents.ended(s, null, "idle").payload).toEqual({
    session_id: 7,
    customer_id: 3,
    reason: "idle",
  });
  expect(deskEvents.ended(s, 5, "agent_ended").payload).toMatchObject({ customer_id: 5 });
});
