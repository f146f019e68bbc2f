// An agent's coming and going (CONTRACT.md "Login", "Presence", "Agent drops"): the claim
// of the agent for one connection, its status written with the audit entry, the pushes
// that tell its colleagues, and what becomes of its users when its last connection goes:
// back to the queue at once after a logout, after the grace period after a drop. The grace
// is a time in the database (agents.grace_until), swept, so a restart or another node
// finds it.
import { CLOSE, DeskError } from "../errors";
import type { Agent } from "../model/desk";
import type { AuditInput } from "../model/operations";
import { type Stores, withAudit } from "../store/stores";
import { push } from "../wire/pushes";
import type { Actor, Desk } from "./desk";
import type { Hub } from "./hub";
import type { OnlineAgent, Presence } from "./presence";
import { STATUS } from "./routing";

export interface LifecycleOptions {
  /** How long a dropped agent's users wait for it (KEFU_REQUEUE_GRACE_S). */
  graceMs: number;
}

export class AgentLifecycle {
  private stopped = false;
  /** Departures still being told and written: a stopping server waits for them. */
  private readonly leaving = new Set<Promise<void>>();

  constructor(
    private readonly stores: Stores,
    private readonly presence: Presence,
    private readonly hub: Hub,
    private readonly desk: Desk,
    private readonly options: LifecycleOptions,
  ) {}

  /**
   * Logs the agent in on `clientId`: claimed (490 if it is logged in elsewhere and not
   * `force`), the replaced connection kicked (492), the status written with `audit` and
   * any grace ended in one transaction. Returns the connection it replaced. The caller
   * names the connection as the agent's before calling, so a login racing this one can
   * kick it as soon as the claim is made.
   */
  async login(
    agent: Agent,
    clientId: string,
    force: boolean,
    audit: (replaced: OnlineAgent | null) => AuditInput,
  ): Promise<OnlineAgent | null> {
    const claim = await this.presence.login(
      {
        agentId: agent.id,
        botId: agent.botId,
        name: agent.name,
        headImg: agent.headImg,
        status: STATUS.online,
        autoConnect: agent.autoConnect,
        clientId,
      },
      force,
    );
    if (!claim.claimed) throw new DeskError("loggedInElsewhere");
    const { replaced } = claim;
    // The kick names the old connection by client id, as the agent's is now this one.
    if (replaced)
      await this.hub.disconnect(agent.id, CLOSE.replaced, "logged in elsewhere", replaced.clientId);
    try {
      const entry = audit(replaced);
      await withAudit(
        this.stores,
        async (tx) => {
          await tx.identity.setAgentStatus(agent.id, STATUS.online);
          await tx.identity.endGrace(agent.id);
        },
        () => entry,
      );
    } catch (err) {
      await this.presence.drop(agent.id, clientId);
      throw err;
    }
    return replaced;
  }

  /**
   * After the login's reply: its colleagues hear of it (login_push, or status_push when a
   * forced login changed the status shown), and it may take waiting users.
   */
  async announce(agent: Agent, replaced: OnlineAgent | null): Promise<void> {
    // Closed while logging in, and nobody took its place: the close said goodbye.
    if (!(await this.presence.get(agent.id))) return;
    const others = { agentId: agent.id };
    if (!replaced)
      await this.hub.toBot(
        agent.botId,
        push.login({ agentId: agent.id, name: agent.name }),
        others,
      );
    // A forced login replaces a connection that may have shown another status: login is 1.
    else if (replaced.status !== STATUS.online) {
      await this.hub.toBot(
        agent.botId,
        push.status({ agentId: agent.id, name: agent.name, status: STATUS.online }),
        others,
      );
    }
    await this.desk.fill(agent.id);
  }

  /**
   * The agent's connection `clientId` closed. If it was the one the agent is logged in on,
   * colleagues hear logout_push; after a logout its users go back to the queue at once,
   * after a drop they wait for the grace period.
   */
  left(actor: Actor, clientId: string, how: "logout" | "drop"): Promise<void> {
    const done = this.leave(actor, clientId, how);
    this.leaving.add(done);
    const forget = () => this.leaving.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Resolves once every departure begun so far is told and written, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.leaving]);
  }

  private async leave(actor: Actor, clientId: string, how: "logout" | "drop"): Promise<void> {
    const gone = await this.presence.drop(actor.agentId, clientId);
    if (!gone) return;
    if (how === "logout") {
      await this.hub.toBot(actor.botId, push.logout({ agentId: gone.agentId, name: gone.name }));
      return this.desk.requeueAgent(actor.agentId, "agent_logout");
    }
    // Connections closed by a shutdown are drops too; the next start arms their grace.
    await this.dropped(gone, !this.stopped);
  }

  /**
   * An agent's login is gone without a logout (its connection dropped, or the node that
   * held it went silent): colleagues hear logout_push, and its users wait out the grace.
   */
  async dropped(gone: OnlineAgent, startGrace = true): Promise<void> {
    await this.hub.toBot(gone.botId, push.logout({ agentId: gone.agentId, name: gone.name }));
    if (!startGrace) return;
    await this.stores.identity.startGrace(gone.agentId, Date.now() + this.options.graceMs);
  }

  /** At a start every agent has dropped: sessions with no grace running get one. */
  async armGraceForAll(now: number): Promise<void> {
    await this.stores.identity.startGraceForHolders(now + this.options.graceMs);
  }

  /**
   * Requeues the users of every agent whose grace ran out by `now` and who is not back.
   * Each grace is claimed before its requeue, so of several sweepers one requeues.
   */
  async sweepGrace(now: number): Promise<void> {
    for (const { agentId, until } of await this.stores.identity.gracesOver(now)) {
      if (!(await this.stores.identity.claimGraceOver(agentId, until))) continue;
      if (await this.presence.get(agentId)) continue;
      await this.desk.requeueAgent(agentId, "agent_gone");
    }
  }

  /** The server is stopping: the drops its shutdown causes start no grace. */
  stop(): void {
    this.stopped = true;
  }
}
