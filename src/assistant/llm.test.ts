import { expect, test } from "bun:test";
import type { ChatEntry } from "../model/desk";
import { parseDraft, prompt, summaryPrompt } from "./llm";

const said = (from: ChatEntry["from"], text: string): ChatEntry => ({
  createdAt: 1,
  from,
  agentId: from === "user" ? null : 1,
  item: { type: "text", value: { text } },
});

test("the prompt names who said what and leaves agents' notes out", () => {
  const text = prompt({
    question: "is my refund coming?",
    hits: [],
    recent: [
      said("user", "is my refund coming?"),
      said("robot", "An agent will answer."),
      said("note", "customer is a known fraudster"),
      said("agent", "Let me check."),
    ],
  });
  expect(text).toContain(
    "User: is my refund coming?\nBot: An agent will answer.\nAgent: Let me check.",
  );
  expect(text).not.toContain("fraudster");
});

test("the prompt gives each entry's id; a draft keeps only the ids it was given", () => {
  const hit = {
    entryId: 12,
    question: "退款多久到账",
    source: "curated" as const,
    score: 3,
    answer: [{ type: "text" as const, value: { text: "1-5 个工作日。" } }],
  };
  expect(prompt({ question: "钱呢", hits: [hit], recent: [] })).toContain(
    "[#12] Q: 退款多久到账\n   A: 1-5 个工作日。",
  );
  expect(parseDraft("一般 1-5 个工作日到账。\nSources: #12, #7", [hit])).toEqual({
    text: "一般 1-5 个工作日到账。",
    cites: [12],
  });
  expect(parseDraft("请提供订单号。\nSources: none", [hit])).toEqual({
    text: "请提供订单号。",
    cites: [],
  });
  expect(parseDraft("No sources line.", [hit])).toEqual({ text: "No sources line.", cites: [] });
});

test("the summary prompt is the conversation alone, notes left out", () => {
  const text = summaryPrompt({
    conversation: [
      said("user", "my parcel is late"),
      said("note", "customer is a known fraudster"),
      said("robot", "An agent will answer."),
    ],
  });
  expect(text).toBe("Conversation:\nUser: my parcel is late\nBot: An agent will answer.");
});
