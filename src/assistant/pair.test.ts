import { expect, test } from "bun:test";
import type { ChatEntry } from "../model/desk";
import { lastPair, openQuestion, PAIR_WINDOW_MS } from "./pair";

const at = (createdAt: number, from: ChatEntry["from"], text: string): ChatEntry => ({
  createdAt,
  from,
  agentId: from === "agent" ? 1 : null,
  item: { type: "text", value: { text } },
});

test("the agent's messages since the user last wrote answer the user's messages before them", () => {
  const newestFirst = [
    at(6, "note", "told them the hours"),
    at(5, "agent", "weekdays 9-5"),
    at(4, "agent", "hello"),
    at(3, "robot", "an agent is coming"),
    at(3, "note", "regular customer"),
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

test("the open question is every user message since the last answer, however far apart", () => {
  const newestFirst = [
    at(9_000, "user", "it never came"),
    at(8_000, "note", "check the courier"),
    at(2_000, "user", "I ordered a parcel"),
    at(1_000, "robot", "hello, how can I help?"),
    at(500, "user", "hi"),
  ];
  expect(openQuestion(newestFirst)).toBe("I ordered a parcel it never came");
  expect(openQuestion([at(3, "agent", "done"), at(2, "user", "hi")])).toBe("");
  expect(openQuestion([])).toBe("");
});
