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

export interface Llm {
  /** A draft, or null when the endpoint failed or took too long. */
  draft(input: DraftInput): Promise<Draft | null>;
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

export function prompt(input: DraftInput): string {
  const entries = input.hits.map((h, i) => {
    const answer = h.answer
      .map((item) => (typeof item.value.text === "string" ? item.value.text : `[${item.type}]`))
      .join("\n");
    return `${i + 1}. [#${h.entryId}] Q: ${h.question}\n   A: ${answer}`;
  });
  const talk = input.recent.flatMap((e) => {
    const who = speaker(e.from);
    return who === null ? [] : [`${who}: ${itemText(e)}`];
  });
  return [
    `Knowledge base entries:\n${entries.join("\n") || "(none found)"}`,
    `Conversation so far:\n${talk.join("\n") || "(none)"}`,
    `The user's question: ${input.question}`,
  ].join("\n\n");
}

export function createLlm(settings: LlmSettings): Llm {
  const url = `${settings.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    async draft(input) {
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
            max_tokens: 600,
            messages: [
              { role: "system", content: SYSTEM },
              { role: "user", content: prompt(input) },
            ],
          }),
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const parsed = completion.safeParse(await res.json());
        if (!parsed.success) throw new Error("not a chat completion");
        const draft = parseDraft(parsed.data.choices[0]?.message.content ?? "", input.hits);
        if (!draft.text) throw new Error("an empty reply");
        return draft;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        log.warn("assistant: the LLM failed; answering from the knowledge base", {
          error: reason,
        });
        return null;
      }
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
