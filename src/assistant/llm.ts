// The optional LLM: an OpenAI-compatible chat completions endpoint, used only when
// KEFU_AI_BASE_URL and KEFU_AI_MODEL are set. It is given the retrieved entries and the
// session's recent messages and drafts one reply grounded in them, citing the entries it
// used by id (kept only if they are among those given); any failure or timeout yields null and
// the assistant answers from the knowledge base alone. Agents' internal notes never leave
// kefu: they are not part of what the endpoint is sent.
import { z } from "zod";
import { type Config, ConfigError } from "../config";
import { log } from "../log";
import type { ChatEntry } from "../model/desk";
import type { KbHit } from "./kb-store";

export interface DraftInput {
  question: string;
  hits: KbHit[];
  /** The conversation, oldest first. */
  recent: ChatEntry[];
}

/** A reply to send the user, and the ids of the entries given that it says it is based on. */
export interface Draft {
  text: string;
  cites: number[];
}

export interface SummaryInput {
  /** The part of the conversation to summarise, oldest first. */
  conversation: ChatEntry[];
}

export interface Llm {
  /** A draft, or null when the endpoint failed or took too long. */
  draft(input: DraftInput): Promise<Draft | null>;
  /** A short summary of the conversation for the agent taking it over; null on failure. */
  summarise(input: SummaryInput): Promise<string | null>;
}

export interface LlmSettings {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

const completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

const SYSTEM = [
  "You help a human customer-service agent. Write the one reply the agent should send",
  "to the user next, in the user's language, short and friendly. Base it on the knowledge",
  "base entries given when they answer the question; never invent policies, prices or",
  "dates. If they do not answer it, ask the user for what is needed to help.",
  "Reply with the message text, then a last line of its own: `Sources:` and the ids of",
  "the entries the reply is based on, as they are written (`Sources: #12, #40`), or",
  "`Sources: none`.",
].join(" ");

const SUMMARY = [
  "You help a human customer-service agent who is taking over a conversation. Summarise it",
  "for them in at most three short sentences, in the user's language: what the user wants,",
  "what they have said about it, and what the bot or an agent has answered so far. Use only",
  "what the conversation says; never add facts, promises or advice.",
].join(" ");

const SOURCES = /\n\s*sources?\s*[:：](.*)$/is;

/** The reply without its sources line, and the ids it cites that were among those given. */
export function parseDraft(reply: string, given: readonly KbHit[]): Draft {
  const ids = new Set(given.map((h) => h.entryId));
  const m = SOURCES.exec(`\n${reply}`);
  const text = (m ? `\n${reply}`.slice(0, m.index) : reply).trim();
  const cited = [...(m?.[1] ?? "").matchAll(/#(\d+)/g)].map((x) => Number(x[1]));
  return { text, cites: [...new Set(cited)].filter((id) => ids.has(id)) };
}

/** Who said an entry, as the prompt names them; null: the entry is not sent. */
function speaker(from: ChatEntry["from"]): string | null {
  switch (from) {
    case "user":
      return "User";
    case "agent":
      return "Agent";
    case "robot":
      return "Bot";
    case "note":
      return null;
    default: {
      // A new kind of entry must be decided on here before it can compile.
      const unknown: never = from;
      return unknown;
    }
  }
}

function itemText(entry: ChatEntry): string {
  const text = entry.item.value.text;
  return entry.item.type === "text" && typeof text === "string" ? text : `[${entry.item.type}]`;
}

/** The conversation as the prompts show it: who said what, notes left out. */
function transcript(entries: readonly ChatEntry[]): string {
  const talk = entries.flatMap((e) => {
    const who = speaker(e.from);
    return who === null ? [] : [`${who}: ${itemText(e)}`];
  });
  return talk.join("\n") || "(none)";
}

export function summaryPrompt(input: SummaryInput): string {
  return `Conversation:\n${transcript(input.conversation)}`;
}

export function prompt(input: DraftInput): string {
  const entries = input.hits.map((h, i) => {
    const answer = h.answer
      .map((item) => (typeof item.value.text === "string" ? item.value.text : `[${item.type}]`))
      .join("\n");
    return `${i + 1}. [#${h.entryId}] Q: ${h.question}\n   A: ${answer}`;
  });
  return [
    `Knowledge base entries:\n${entries.join("\n") || "(none found)"}`,
    `Conversation so far:\n${transcript(input.recent)}`,
    `The user's question: ${input.question}`,
  ].join("\n\n");
}

export function createLlm(settings: LlmSettings): Llm {
  const url = `${settings.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  /** The endpoint's reply to a system and a user message, or null (logged) on failure. */
  async function complete(system: string, user: string, maxTokens: number): Promise<string | null> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: settings.model,
          temperature: 0.2,
          max_tokens: maxTokens,
          messages: [
            { role: "system", content: system },
            { role: "user", content: user },
          ],
        }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const parsed = completion.safeParse(await res.json());
      if (!parsed.success) throw new Error("not a chat completion");
      const content = (parsed.data.choices[0]?.message.content ?? "").trim();
      if (!content) throw new Error("an empty reply");
      return content;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      log.warn("assistant: the LLM failed; answering without it", { error: reason });
      return null;
    }
  }
  return {
    async draft(input) {
      const reply = await complete(SYSTEM, prompt(input), 600);
      if (reply === null) return null;
      const draft = parseDraft(reply, input.hits);
      return draft.text ? draft : null;
    },
    async summarise(input) {
      return complete(SUMMARY, summaryPrompt(input), 300);
    },
  };
}

/** The LLM the settings describe, or null: nothing is sent anywhere unless configured. */
export function llmFromConfig(config: Config): Llm | null {
  if (!config.aiBaseUrl) return null;
  if (!config.aiModel)
    throw new ConfigError("KEFU_AI_MODEL is required when KEFU_AI_BASE_URL is set");
  return createLlm({
    baseUrl: config.aiBaseUrl,
    apiKey: config.aiApiKey,
    model: config.aiModel,
    timeoutMs: config.aiTimeoutMs,
  });
}
