// Shortcuts for the tests: more agents in a bot, another bot, and a client that answers `beat`.
import type { Role } from "../../src/model/desk";
import type { TestAgent } from "./agent";
import type { TestServer } from "./server";

export interface NewAgent {
  id: number;
  token: string;
  name: string;
}

/** Creates an agent in `botId` (bot 1 by default) straight in the store. */
export async function addAgent(
  server: TestServer,
  name: string,
  options: { botId?: number; maxSessions?: number; role?: Role } = {},
): Promise<NewAgent> {
  const { agent, token } = await server.store.identity.createAgent({
    botId: options.botId ?? 1,
    name,
    headImg: "",
    maxSessions: options.maxSessions ?? 5,
    ...(options.role ? { role: options.role } : {}),
    now: Date.now(),
  });
  return { id: agent.id, token, name };
}

export interface NewBot {
  id: number;
  apiKey: string;
  /** Its one agent's. */
  token: string;
}

/**
 * Creates another bot with one agent straight in the store: a second tenant of the desk. Its
 * agent is the bot's admin, as a first start's agent 1 is.
 */
export async function addBot(server: TestServer, name: string): Promise<NewBot> {
  const made = await server.store.identity.createBot({ name, webhookUrl: null, now: Date.now() });
  const { token } = await addAgent(server, name, { botId: made.bot.id, role: "admin" });
  return { id: made.bot.id, apiKey: made.apiKey, token };
}

/** Answers every `beat` the server sends, as a well-behaved client does. */
export function answerBeats(agent: TestAgent): void {
  agent.ws.addEventListener("message", (e) => {
    if (e.data === "beat") agent.send("beat");
  });
}

/** Turns auto-connect on and waits for the reply. */
export async function autoOn(agent: TestAgent): Promise<void> {
  const reply = await agent.request({ method: "set_auto_connect_status", status: 1 });
  if (reply.code !== 0) throw new Error(`set_auto_connect_status failed: ${JSON.stringify(reply)}`);
}
