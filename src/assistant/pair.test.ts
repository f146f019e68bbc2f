import { expect, test } from "bun:test";
import type { ChatEntry } from "../model/desk";
import { lastPair, PAIR_WINDOW_MS } from "./pair";

const at = (createdAt: number, from: ChatEntry["from"], text: string): ChatEntry => ({
  createdAt,
  from,
  agentId: from === "agent" ? 1 : null,
  item: { type: "text", value: { text } },
});

test("the agent's messages since the user last wrote answer the user's messages before them", () => {
  const newestFirst = [
    at(5, "agent", "weekdays 9-5"),
    at(4, "agent", "hello"),
    at(3, "robot", "an agent is coming"),
    at(2, "user", "at the warehouse?"),
    at(1, "user", "can I pick up my order"),
    at(0, "agent", "an older reply"),
  ];
  expect(lastPair(newestFirst)).toEqual({
    question: "can I pick up my order at the warehouse?",
    answer: [
      { type: "text", value: { text: "hello" } },
      { type: "text", value: { text: "weekdays 9-5" } },
    ],
  });
});

test("no pair without a question, or when the reply comes long after it", () => {
  expect(lastPair([at(1, "agent", "hi")])).toBeNull();
  expect(lastPair([at(1, "user", "hi")])).toBeNull();
  expect(lastPair([at(PAIR_WINDOW_MS + 10, "agent", "late"), at(1, "user", "hi")])).toBeNull();
});
