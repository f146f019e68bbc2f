import { expect, test } from "bun:test";
import type { ChatEntry } from "../model/desk";
import { PAIR_WINDOW_MS } from "./pair";
import { CUT, extract, keySentences, lastConversation, part } from "./summary";

const at = (createdAt: number, from: ChatEntry["from"], text: string): ChatEntry => ({
  createdAt,
  from,
  agentId: from === "agent" ? 1 : null,
  item: { type: "text", value: { text } },
});

test("the conversation is the messages since the last long silence, notes left out", () => {
  const newestFirst = [
    at(PAIR_WINDOW_MS + 30, "user", "still there?"),
    at(PAIR_WINDOW_MS + 20, "note", "vip"),
    at(PAIR_WINDOW_MS + 10, "robot", "let me find an agent"),
    at(PAIR_WINDOW_MS + 5, "user", "my parcel never came"),
    at(0, "user", "an older question"),
  ];
  expect(lastConversation(newestFirst).map((e) => e.item.value.text)).toEqual([
    "my parcel never came",
    "let me find an agent",
    "still there?",
  ]);
});

test("the handoff part ends at the agent's first reply; the transfer part is all of it", () => {
  const talk = [at(1, "user", "q"), at(2, "robot", "a"), at(3, "agent", "r"), at(4, "user", "q2")];
  expect(part(talk, "handoff").map((e) => e.from)).toEqual(["user", "robot"]);
  expect(part(talk, "transfer")).toHaveLength(4);
});

test("the user's asking and trouble sentences are kept, greetings left out, in order", () => {
  const talk = [
    at(1, "user", "Hi there. Are you there?"),
    at(2, "user", "I ordered a blue jacket last week. The weather is nice today."),
    at(3, "robot", "You can track orders on the order page."),
    at(4, "user", "The jacket tracking page shows an error. Can I get the jacket refunded?"),
    at(5, "user", "thanks"),
  ];
  expect(keySentences(talk)).toEqual([
    "I ordered a blue jacket last week.",
    "The jacket tracking page shows an error.",
    "Can I get the jacket refunded?",
  ]);
});

test("Chinese sentences are split and picked the same way", () => {
  const talk = [
    at(1, "user", "你好，在吗？"),
    at(2, "user", "我的订单一直没有发货。今天天气不错。"),
    at(3, "user", "订单能不能退款？"),
  ];
  expect(keySentences(talk, 2)).toEqual(["我的订单一直没有发货。", "订单能不能退款？"]);
});

test("a sentence the user repeats is kept once", () => {
  const talk = [
    at(1, "user", "Where is my refund?"),
    at(2, "user", "where is my refund??"),
    at(3, "user", "I returned the shoes on Monday."),
  ];
  expect(keySentences(talk)).toEqual(["Where is my refund?", "I returned the shoes on Monday."]);
});

test("the extract counts each side and keeps the last answers, shortened", () => {
  const long = "x".repeat(CUT + 50);
  const e = extract([
    at(1, "user", "How do I change my address?"),
    at(2, "robot", "Open settings."),
    at(3, "robot", long),
    at(4, "agent", "I changed it for you."),
    at(5, "user", "ok"),
  ]);
  expect(e.points).toEqual(["How do I change my address?"]);
  expect(e.botAnswer).toHaveLength(CUT);
  expect(e.botAnswer?.endsWith("…")).toBe(true);
  expect(e.agentReply).toBe("I changed it for you.");
  expect([e.userMessages, e.botMessages, e.agentMessages]).toEqual([2, 2, 1]);
});

test("a conversation with nothing said by the user has no points", () => {
  expect(extract([at(1, "robot", "Hello!"), at(2, "user", "hi")]).points).toEqual([]);
});
