// Assembles kefu: the database, the desk, the agent protocol and the HTTP API on one
// Bun.serve, the webhook worker, and a graceful stop.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Server } from "bun";
import type { Assistant } from "./assistant/assistant";
import { createKbAssistant } from "./assistant/kb-assistant";
import { llmFromConfig } from "./assistant/llm";
import { type ClusterParts, clusterParts } from "./cluster/cluster-node";
import type { Config } from "./config";
import { buildBoard } from "./desk/board";
import { deadlineSweeps } from "./desk/deadlines";
import { Desk } from "./desk/desk";
import type { Hub } from "./desk/hub";
import { AgentLifecycle } from "./desk/lifecycle";
import { LocalPresence } from "./desk/local-presence";
import { openingSweep } from "./desk/opening";
import type { Presence } from "./desk/presence";
import { queueUpdatesSweep } from "./desk/queue-updates";
import { retentionSweep } from "./desk/retention";
import { startScheduler } from "./desk/scheduler";
import { searchIndexSweep } from "./desk/search-index";
import { Signals } from "./desk/signals";
import { CLOSE, ERRORS } from "./errors";
import { WEBHOOK_MAX_AGE_MS } from "./events/sign";
import { WebhookWorker } from "./events/webhook";
import { blobsFor } from "./files/blobs";
import { createApp } from "./http/app";
import { configureLog, errorFields, log } from "./log";
import { createDeskMetrics, Registry } from "./metrics";
import type { AuditInput } from "./model/operations";
import { type OpenStores, openStores } from "./open-stores";
import { collectTimings } from "./ops/timing-metrics";
import { BoardWatch } from "./protocol/board-watch";
import { Connection } from "./protocol/connection";
import { createDispatch } from "./protocol/dispatcher";
import { LocalHub } from "./protocol/local-hub";
import { createSocketHandlers, startHeartbeat } from "./protocol/socket";
import { SocketRegistry } from "./protocol/socket-registry";
import { startTokenWatch } from "./protocol/token-watch";
import { StartError } from "./start-error";
import { databaseLabel } from "./store/engine";
import type { FirstStart } from "./store/identity";
import type { Stores } from "./store/stores";
import { VERSION } from "./version";

export type Bootstrap = FirstStart;

export interface RunningServer {
  port: number;
  /** Where it listens, e.g. "all interfaces, 0.0.0.0:7272". */
  listening: string;
  /** A URL that reaches it from this machine. */
  url: string;
  store: Stores;
  /** Set when this start created the first bot and agent. */
  bootstrap: Bootstrap | null;
  stop(): Promise<void>;
}

/** This node's presence and publish seam, over its own sockets. */
export interface NodeParts {
  presence: Presence;
  hub: Hub;
  /** Called once the server listens (one node publishes on Bun's topics). */
  attach(server: Server<Connection>): void;
  /** Set for a node among several: its bus, its lease and its share of the sweeps. */
  cluster?: ClusterParts;
  /** Hears each frame delivered to a bot's connections on this node (the live board). */
  watchDeliveries?(fn: (botId: number, method: unknown) => void): void;
}

export type FramesOut = (method: string, frames: number) => void;

/** One process alone: presence in memory, pushes to this process's sockets. */
export function oneNode(sockets: SocketRegistry, framesOut: FramesOut): NodeParts {
  const presence = new LocalPresence();
  const hub = new LocalHub(sockets, presence, framesOut);
  return {
    presence,
    hub,
    attach: (server) => hub.attach(server),
    watchDeliveries: (fn) => {
      hub.delivered = fn;
    },
  };
}

/**
 * A node among several on PostgreSQL and a Redis bus (`config.bus`): presence in the
 * database, pushes on the bus, a lease named `nodeId`.
 */
export function clusterNode(config: Config, database: OpenStores, nodeId: string) {
  const { cluster } = database;
  if (!cluster)
    throw new StartError("several nodes need a PostgreSQL database (--db postgres://...)");
  return (sockets: SocketRegistry, framesOut: FramesOut): NodeParts =>
    clusterParts(config, cluster, nodeId, sockets, framesOut);
}

/** This process's name among nodes: on /healthz, its lease and the outbox leases it takes. */
function nodeName(): string {
  return `${hostname()}-${randomUUID().slice(0, 8)}`;
}

/**
 * What startServer composes, each replaceable: the stores (by default those `config.db`
 * names), this node's presence and hub (by default one node's), the assistant.
 */
export interface ServerOptions {
  assistant?: Assistant;
  stores?: OpenStores;
  node?: (sockets: SocketRegistry, framesOut: FramesOut) => NodeParts;
}

/**
 * An empty database gets bot 1 and agent 1, so a fresh desk can be used at once: made
 * with their audit entries in one transaction, or not at all.
 */
function firstStart(store: Stores, now: number): Promise<Bootstrap | null> {
  const byDesk = (botId: number, action: string, target: string): AuditInput => ({
    botId,
    actorType: "desk",
    actorId: null,
    action,
    target,
    now,
  });
  return store.transaction(async (tx) => {
    const made = await tx.identity.createFirstBotAndAgent(now);
    if (made) {
      await tx.ops.audit(byDesk(made.bid, "bot_create", `bot:${made.bid}`));
      await tx.ops.audit(byDesk(made.bid, "agent_create", `agent:${made.customerId}`));
    }
    return made;
  });
}

export async function startServer(
  config: Config,
  options: ServerOptions = {},
): Promise<RunningServer> {
  configureLog({ format: config.logFormat, level: config.logLevel });
  const llm = llmFromConfig(config);
  const database = options.stores ?? (await openStores(config));
  const { stores: store, kb } = database;
  const ops = store.ops;

  const registry = new Registry();
  const metrics = createDeskMetrics(registry);
  const framesOut: FramesOut = (method, frames) => metrics.framesOut.inc({ method }, frames);
  const sockets = new SocketRegistry(framesOut);
  const nodeId = nodeName();
  const makeNode = options.node ?? (config.bus ? clusterNode(config, database, nodeId) : oneNode);
  const node = makeNode(sockets, framesOut);
  const { presence, hub } = node;
  const leaseOwner = nodeId;
  try {
    await node.cluster?.open();
  } catch (err) {
    await database.close();
    throw err;
  }
  const webhooks = new WebhookWorker(store, metrics.deliveries, {
    timeoutMs: config.webhookTimeoutS * 1000,
    retryBaseMs: config.webhookRetryBaseMs,
    maxAgeMs: WEBHOOK_MAX_AGE_MS,
    // Deliveries to different users in flight at once; each user's stay in order. At
    // saturation a POST's answer waits for a busy event loop, so it takes this many to
    // keep up: 64 delivered 0.79x the committed replies, 256 0.82x, 512 0.93x. A desk
    // that keeps up has a few in flight; the bound matters only to a backlog.
    concurrency: 512,
    node: leaseOwner,
  });
  const blobs = blobsFor(config);
  const desk = new Desk(store, presence, hub, {
    blobs,
    onMessages: (direction, items) =>
      (direction === "in" ? metrics.messagesIn : metrics.messagesOut).inc({}, items),
  });
  const lifecycle = new AgentLifecycle(store, presence, hub, desk, {
    graceMs: config.requeueGraceS * 1000,
  });
  const boardWatch = new BoardWatch(
    sockets,
    (botId) => buildBoard(store, presence, botId, config.firstReplyS),
    (err) => onError(err),
  );
  node.watchDeliveries?.((botId, method) => boardWatch.delivered(botId, method));
  const services = {
    watchBoard: (conn: Connection) => boardWatch.watch(conn),
    boardChanged: (botId: number) => boardWatch.delivered(botId, "send_to_user"),
    config,
    store,
    ops,
    desk,
    presence,
    lifecycle,
    hub,
    metrics,
    kb,
    assistant: options.assistant ?? createKbAssistant({ kb, store, llm }),
    signals: new Signals(store, hub, config.typingEveryMs),
  };

  await collectTimings(registry, metrics, ops);
  registry.info("kefu_build_info", "The kefu version running", { version: VERSION });
  registry.gauge("kefu_ws_connections", "Open agent WebSocket connections", () => sockets.size);
  registry.gauge("kefu_agents_logged_in", "Agents logged in", () => presence.size());
  registry.gauge("kefu_users_waiting", "Users waiting in the queue", () =>
    store.sessions.countWaiting(),
  );
  registry.gauge("kefu_sessions_active", "Active sessions", () => store.sessions.countActive());
  registry.gauge(
    "kefu_webhook_pending",
    "Events waiting for webhook delivery",
    async () => (await store.outbox.deliveryCounts()).pending,
  );
  registry.gauge(
    "kefu_webhook_failed",
    "Events whose webhook delivery was given up",
    async () => (await store.outbox.deliveryCounts()).failed,
  );

  const onError = (err: unknown) => {
    metrics.errors.inc();
    log.error("internal error", errorFields(err));
  };
  const dispatch = createDispatch(services, {
    send: (conn, frame) => sockets.send(conn, frame),
    received: (method) => metrics.framesIn.inc({ method }),
    failed: (err) => onError(err),
  });
  const app = createApp({
    ...services,
    registry,
    requests: metrics.requests,
    latency: metrics.latency,
    ratings: metrics.ratings,
    unwritable: database.unwritable,
    nodeCheck: node.cluster?.health,
    blobs,
  });
  const allowed = new Set(config.allowedOrigins);

  let server: Server<Connection>;
  try {
    server = Bun.serve<Connection>({
      port: config.port,
      hostname: config.host,
      fetch(req, srv) {
        if (node.cluster?.unavailable()) {
          if (new URL(req.url).pathname !== "/healthz") {
            const msg = node.cluster.unavailable() ?? ERRORS.notServing.msg;
            return Response.json({ code: ERRORS.notServing.code, msg }, { status: 503 });
          }
        } else if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
          const path = new URL(req.url).pathname;
          if (path !== "/" && path !== "/ws") return new Response("not found", { status: 404 });
          const origin = req.headers.get("origin");
          if (allowed.size > 0 && origin && !allowed.has(origin)) {
            return new Response("origin not allowed", { status: 403 });
          }
          if (srv.upgrade(req, { data: new Connection() })) return undefined;
          return new Response("WebSocket upgrade failed", { status: 400 });
        }
        return app.fetch(req, srv);
      },
      websocket: createSocketHandlers({ config, sockets, lifecycle, dispatch, onError }),
    });
  } catch (err) {
    await node.cluster?.stop().catch(() => {});
    await database.close();
    throw listenError(config, err);
  }
  // Only once the port is ours: a start that fails before leaves no bot whose secrets
  // were never shown.
  let created: Bootstrap | null;
  try {
    created = await firstStart(store, Date.now());
  } catch (err) {
    await server.stop(true);
    await node.cluster?.stop().catch(() => {});
    await database.close();
    throw new StartError(
      `cannot create the first bot in ${databaseLabel(config.db)}: ${err instanceof Error ? err.message : err}`,
    );
  }

  node.attach(server);
  const stopHeartbeat = startHeartbeat(config, sockets);
  const stopTokenWatch = startTokenWatch(sockets, hub, database.tokens, onError);
  const deadlines = {
    firstReplyMs: config.firstReplyS * 1000,
    idleCloseMs: config.idleCloseS * 1000,
    awayAfterMisses: config.awayAfterMisses,
  };
  const tickMs = 500;
  const shared = node.cluster?.start({
    desk,
    lifecycle,
    sweeps: store.sweeps,
    tickMs,
    onAppended: (listener) => store.outbox.onAppended(listener),
    wakeWebhooks: () => webhooks.wake(),
  });
  const sweeps = [
    ...(shared?.sweeps ?? []),
    ...deadlineSweeps(desk, store, deadlines, Date.now()),
    { name: "drop_grace", run: (now: number) => lifecycle.sweepGrace(now) },
    searchIndexSweep(store),
    retentionSweep(store, blobs, { intervalMs: config.retentionSweepS * 1000, batch: 1000 }),
    queueUpdatesSweep(store, presence),
    openingSweep(store, presence, desk),
  ];
  const scheduler = startScheduler(sweeps, {
    tickMs,
    claimTick: shared?.claimTick,
    onError: (sweep, err) => {
      metrics.errors.inc();
      log.error("sweep failed", { sweep, ...errorFields(err) });
    },
  });
  await lifecycle.armGraceForAll(Date.now());
  webhooks.start();

  let stopping: Promise<void> | null = null;
  const port = server.port ?? config.port;
  return {
    port,
    ...where(config.host, port),
    store,
    bootstrap: created,
    stop() {
      stopping ??= (async () => {
        stopHeartbeat();
        stopTokenWatch();
        boardWatch.stop();
        await scheduler.stop();
        // Stop accepting; HTTP requests in flight finish.
        const listening = server.stop();
        const conns = [...sockets.all()];
        // Let every frame already received finish its write (and what it started in the
        // background: the stores close next), then say goodbye.
        await Promise.all(conns.map((c) => c.queue));
        const background = conns.flatMap((c) => c.background ?? []);
        for (const b of background) b.hurry();
        await Promise.all(background.map((b) => b.done));
        // One node alone: its next start arms the grace of every agent. Among several,
        // the others carry on, so these drops start their grace as any drop does.
        if (!node.cluster) lifecycle.stop();
        for (const c of conns) c.ws?.close(CLOSE.goingAway, "server shutting down");
        await Promise.race([listening, Bun.sleep(5000)]);
        await server.stop(true);
        // The closes' logout_push and grace go out before the bus and the database close.
        await lifecycle.settled();
        await webhooks.stop();
        await node.cluster
          ?.stop()
          .catch((err) => log.error("node goodbye failed", errorFields(err)));
        await database.close();
      })();
      return stopping;
    },
  };
}

/** A port taken or not allowed, as one line naming the address. */
function listenError(config: Config, err: unknown): StartError {
  const code = err instanceof Error && "code" in err ? String(err.code) : "";
  const reason =
    code === "EADDRINUSE"
      ? "the port is already in use"
      : err instanceof Error
        ? err.message
        : String(err);
  return new StartError(`cannot listen on ${config.host}:${config.port}: ${reason}`);
}

const ANY = new Set(["0.0.0.0", "::", "[::]"]);

/** What the banner says: the address it listens on, and a URL for this machine. */
function where(host: string, port: number): { listening: string; url: string } {
  const bare = host.replace(/^\[|\]$/g, "");
  const hostPort = (h: string) => (h.includes(":") ? `[${h}]:${port}` : `${h}:${port}`);
  if (ANY.has(host)) {
    return {
      listening: `all interfaces, ${hostPort(bare)}`,
      url: `http://${bare === "0.0.0.0" ? "127.0.0.1" : "[::1]"}:${port}`,
    };
  }
  return { listening: hostPort(bare), url: `http://${hostPort(bare)}` };
}
