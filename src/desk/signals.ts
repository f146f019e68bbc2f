// Typing and read state (issue 17), both ways, never stored as messages. The bot's word
// that its user types or has read goes straight to the agent who holds the user, as a push.
// An agent's goes to the bot as an event through the outbox: the one path that reaches
// both webhook and pull-feed bots, in order with the agent's messages (a "typing" that
// overtook the reply it came before would be wrong), at the cost of a row per signal, which
// the gate (signal-gate.ts) keeps to one per few seconds per agent and user.
import { DeskError } from "../errors";
import type { Session } from "../model/desk";
import type { Stores } from "../store/stores";
import { push } from "../wire/pushes";
import type { Actor } from "./desk";
import { deskEvents } from "./events";
import type { Hub } from "./hub";
import { SignalGate } from "./signal-gate";

export class Signals {
  private readonly gate: SignalGate;

  constructor(
    private readonly stores: Stores,
    private readonly hub: Hub,
    typingEveryMs: number,
  ) {
    this.gate = new SignalGate(typingEveryMs);
  }

  /** True if the bot is told (false: the gate held it back as a repeat). */
  async agentTyping(actor: Actor, userid: string, typing: boolean): Promise<boolean> {
    const s = await this.held(actor, userid);
    const now = Date.now();
    if (!this.gate.typing(`${actor.agentId}:${s.id}`, typing, now)) return false;
    await this.stores.outbox.append(deskEvents.agentTyping(s, actor.agentId, typing), now);
    return true;
  }

  /** `readTo`: Unix seconds, the time of the newest user message the agent has seen. */
  async agentRead(actor: Actor, userid: string, readTo: number): Promise<boolean> {
    const s = await this.held(actor, userid);
    if (!this.gate.read(`${actor.agentId}:${s.id}`, readTo)) return false;
    const now = Date.now();
    await this.stores.outbox.append(deskEvents.agentRead(s, actor.agentId, readTo), now);
    return true;
  }

  /** To the agent who holds the user; how many connections it reached (0: nobody holds them). */
  async userTyping(botId: number, userid: string, typing: boolean): Promise<number> {
    const agentId = await this.holder(botId, userid);
    return agentId === null ? 0 : this.hub.toAgent(agentId, push.userTyping(userid, typing));
  }

  async userRead(botId: number, userid: string, readTo: number): Promise<number> {
    const agentId = await this.holder(botId, userid);
    return agentId === null ? 0 : this.hub.toAgent(agentId, push.userRead(userid, readTo));
  }

  private async holder(botId: number, userid: string): Promise<number | null> {
    const s = await this.stores.sessions.open(botId, userid);
    return s?.state === "active" ? s.agentId : null;
  }

  private async held(actor: Actor, userid: string): Promise<Session> {
    const s = await this.stores.sessions.open(actor.botId, userid);
    if (s?.state !== "active") throw new DeskError("notFound", `no active session with ${userid}`);
    if (s.agentId !== actor.agentId) {
      throw new DeskError("conflict", `user ${userid} is served by agent ${s.agentId}`);
    }
    return s;
  }
}
