import { expect, test } from "bun:test";
import type { KbMiss } from "./kb-store";
import { groupMisses } from "./missed";

let next = 100;
const miss = (question: string, reply: string, createdAt: number): KbMiss => ({
  id: next++,
  question,
  reply: [{ type: "text", value: { text: reply } }],
  createdAt,
});

test("like questions are grouped and counted; the newest group and asking lead", () => {
  const newestFirst = [
    miss("can I get my money back", "Refunds take 5 days.", 9000),
    miss("where is the invoice", "Invoices are in your account.", 8000),
    miss("I want my money back", "We refund within 5 days.", 7000),
    miss("money back please", "Refunds take 5 days.", 6000),
  ];
  const groups = groupMisses(newestFirst);
  expect(groups.map((g) => [g.question, g.count])).toEqual([
    ["can I get my money back", 3],
    ["where is the invoice", 1],
  ]);
  const [money] = groups;
  expect(money?.questions).toEqual([
    "can I get my money back",
    "I want my money back",
    "money back please",
  ]);
  expect(money?.ids).toEqual(newestFirst.filter((_, i) => i !== 1).map((m) => m.id));
  expect(money?.last_time).toBe(9);
  expect(money?.draft).toEqual([{ type: "text", value: { text: "Refunds take 5 days." } }]);
});

test("Chinese questions group by their words", () => {
  const groups = groupMisses([
    miss("怎么退款", "a", 3000),
    miss("我想退款", "b", 2000),
    miss("发票在哪里开", "c", 1000),
  ]);
  expect(groups.map((g) => g.count)).toEqual([2, 1]);
});

test("questions of stop words alone group only with the same text", () => {
  const groups = groupMisses([
    miss("how?", "a", 3000),
    miss("what?", "b", 2000),
    miss("How", "c", 1000),
  ]);
  expect(groups.map((g) => g.count)).toEqual([2, 1]);
});

test("the list is bounded", () => {
  const many = Array.from({ length: 5 }, (_, i) => miss(`question number${i}`, "r", 1000 - i));
  expect(groupMisses(many, 2)).toHaveLength(2);
});
