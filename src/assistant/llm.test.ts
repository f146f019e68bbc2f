import { expect, test } from "bun:test";
import type { ChatEntry } from "../model/desk";
import { prompt } from "./llm";

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
