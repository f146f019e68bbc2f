// A node among several (CONTRACT.md "Several nodes"): presence in the database, pushes
// between nodes on Redis, and this node's lease. Every beat (about a second) the lease is
// renewed in the database's clock and a probe goes round the bus. A node that cannot renew
// its lease in time, or has lost the bus for longer than the lease, stops serving: it
// closes its agents' connections (they reconnect, to this node or another) and answers
// 503, until both work again. A shorter loss of the bus is a gap: the agents here are
// given their lists again, and so are every other node's (a `gap` message), since what
// this node published meanwhile was lost too.
import type { Config } from "../config";
import type { Desk } from "../desk/desk";
import type { AgentLifecycle } from "../desk/lifecycle";
import type { Sweep } from "../desk/scheduler";
import { CLOSE } from "../errors";
import { errorFields, log } from "../log";
import { LocalHub } from "../protocol/local-hub";
import type { SocketRegistry } from "../protocol/socket-registry";
import type { ClusterStore } from "../store/cluster";
import type { SweepStore } from "../store/sweeps";
import { type BusMessage, channelOf } from "./bus-message";
import { ClusterHub } from "./cluster-hub";
import { claimClusterTick } from "./cluster-tick";
import { DbPresence } from "./db-presence";
import { RedisBus } from "./redis-bus";

/** What the node needs of the server once the desk is assembled. */
export interface NodeContext {
  desk: Pick<Desk, "replayLists">;
  lifecycle: Pick<AgentLifecycle, "dropped">;
  sweeps: SweepStore;
  tickMs: number;
  /** Calls the listener after each local commit that appended events pending delivery. */
  onAppended(listener: () => void): () => void;
  wakeWebhooks(): void;
}

export interface ClusterParts {
  /** Before the server listens: the bus reached and the lease taken, or a StartError. */
  open(): Promise<void>;
  /** The sweep of nodes gone silent, and the claim that runs each tick on one node only. */
  start(ctx: NodeContext): { sweeps: Sweep[]; claimTick(now: number): Promise<boolean> };
  /** Why this node does not serve now (HTTP 503), or null. */
  unavailable(): string | null;
  health(): { node: string; bus: string | null; notServing: string | null };
  /** A goodbye: its lease ended (the live nodes drop what is left of its logins), the bus closed. */
  stop(): Promise<void>;
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function clusterParts(
  config: Config,
  cluster: ClusterStore,
  nodeId: string,
  sockets: SocketRegistry,
  framesOut: (method: string, frames: number) => void,
) {
  const leaseMs = config.nodeLeaseS * 1000;
  // Several beats fit in a lease, so one slow renewal does not cost it.
  const beatMs = Math.max(100, Math.min(1000, Math.floor(leaseMs / 4)));
  const presence = new DbPresence(cluster, nodeId);
  const local = new LocalHub(sockets, presence.here, framesOut);
  let ctx: NodeContext | null = null;
  let replaying: Promise<void> | null = null;

  const replay = () => {
    const c = ctx;
    if (!c || replaying) return;
    replaying = (async () => {
      for (const a of presence.local()) await c.desk.replayLists(a.agentId, a.botId);
    })()
      .catch((err) => log.error("list replay failed", errorFields(err)))
      .finally(() => {
        replaying = null;
      });
  };

  const bus = new RedisBus(config.bus, {
    nodeId,
    probeMs: beatMs,
    onMessage(m: BusMessage) {
      if (m.kind === "wake") ctx?.wakeWebhooks();
      else if (m.kind === "gap") replay();
      else hub.deliver(m).catch((err) => log.error("bus delivery failed", errorFields(err)));
    },
    onGap() {
      bus.publish({ kind: "gap", from: nodeId });
      replay();
    },
  });
  const hub = new ClusterHub(nodeId, local, presence.here, sockets, cluster, bus);

  let renewedAt = Date.now();
  let dbProblem: string | null = null;
  let notServing: string | null = null;
  let timer: Timer | null = null;
  let beating: Promise<void> | null = null;
  let stopAppended: (() => void) | null = null;

  const stopServing = (reason: string) => {
    if (notServing !== null) return;
    notServing = reason;
    log.warn("node stops serving", { node: nodeId, reason });
    for (const conn of sockets.all()) conn.ws?.close(CLOSE.notServing, "node not serving");
  };

  const resume = async () => {
    // Logins the closes could not release (the database was away) are dropped now.
    const keep = presence.local().map((a) => a.clientId);
    for (const gone of await cluster.releaseStale(nodeId, keep)) await ctx?.lifecycle.dropped(gone);
    log.info("node serves again", { node: nodeId });
    notServing = null;
  };

  const beat = async () => {
    const now = Date.now();
    try {
      if (!(await cluster.renewNode(nodeId, leaseMs))) {
        stopServing("this node's lease ran out; another node took its agents as dropped");
        await cluster.registerNode(nodeId, leaseMs);
      }
      renewedAt = now;
      dbProblem = null;
    } catch (err) {
      dbProblem = why(err);
    }
    if (dbProblem !== null && now - renewedAt > leaseMs - 2 * beatMs) {
      stopServing(`cannot renew this node's lease: ${dbProblem}`);
    }
    bus.probe(now);
    const lostAt = bus.lostSince();
    if (lostAt !== null && now - lostAt > leaseMs) stopServing(bus.problem() ?? "bus lost");
    if (notServing !== null && dbProblem === null && lostAt === null) await resume();
  };

  const parts: ClusterParts = {
    async open() {
      await bus.open(channelOf(await cluster.databaseId()));
      await cluster.registerNode(nodeId, leaseMs);
      renewedAt = Date.now();
      timer = setInterval(() => {
        beating ??= beat()
          .catch((err) => log.error("node beat failed", errorFields(err)))
          .finally(() => {
            beating = null;
          });
      }, beatMs);
    },
    start(c) {
      ctx = c;
      let wakePending = false;
      stopAppended = c.onAppended(() => {
        if (wakePending) return;
        wakePending = true;
        queueMicrotask(() => {
          wakePending = false;
          bus.publish({ kind: "wake", from: nodeId });
        });
      });
      const lostNodes: Sweep = {
        name: "lost_nodes",
        async run() {
          for (const gone of await cluster.sweepLostNodes()) await c.lifecycle.dropped(gone);
        },
      };
      return {
        sweeps: [lostNodes],
        // One node runs each tick of the cluster: the one that moves the tick's number on.
        async claimTick(now) {
          if (parts.unavailable() !== null) return false;
          return claimClusterTick(c.sweeps, c.tickMs, now);
        },
      };
    },
    unavailable: () => notServing ?? bus.problem(),
    health: () => ({ node: nodeId, bus: bus.problem(), notServing }),
    async stop() {
      if (timer) clearInterval(timer);
      stopAppended?.();
      await beating;
      try {
        await cluster.retireNode(nodeId);
      } finally {
        bus.close();
      }
    },
  };
  return {
    presence,
    hub,
    attach: (server: Parameters<LocalHub["attach"]>[0]) => local.attach(server),
    cluster: parts,
  };
}
