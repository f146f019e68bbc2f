// Assembles kefu: the database, the desk, the agent protocol and the HTTP API on one
// Bun.serve, the webhook worker, and a graceful stop.
import { randomUUID } from "node:crypto";
import type { Server } from "bun";
import type { Assistant } from "./assistant/assistant";
import { createKbAssistant } from "./assistant/kb-assistant";
import { llmFromConfig } from "./assistant/llm";
import type { Config } from "./config";
import { deadlineSweeps } from "./desk/deadlines";
import { Desk } from "./desk/desk";
import type { Hub } from "./desk/hub";
import { AgentLifecycle } from "./desk/lifecycle";
import { LocalPresence } from "./desk/local-presence";
import type { Presence } from "./desk/presence";
import { queueUpdatesSweep } from "./desk/queue-updates";
import { retentionSweep } from "./desk/retention";
import { startScheduler } from "./desk/scheduler";
import { CLOSE } from "./errors";
import { WEBHOOK_MAX_AGE_MS } from "./events/sign";
import { WebhookWorker } from "./events/webhook";
import { createApp } from "./http/app";
import { configureLog, errorFields, log } from "./log";
import { createDeskMetrics, Registry } from "./metrics";
import type { AuditInput } from "./model/operations";
import { type OpenStores, openStores } from "./open-stores";
import { collectTimings } from "./ops/timing-metrics";
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
}

export type FramesOut = (method: string, frames: number) => void;

/** One process alone: presence in memory, pushes to this process's sockets. */
export function oneNode(sockets: SocketRegistry, framesOut: FramesOut): NodeParts {
  const presence = new LocalPresence();
  const hub = new LocalHub(sockets, presence, framesOut);
  return { presence, hub, attach: (server) => hub.attach(server) };
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
  const node = (options.node ?? oneNode)(sockets, framesOut);
  const { presence, hub } = node;
  // This process's name on the outbox leases it takes (nodes are not named yet).
  const leaseOwner = randomUUID();
  const webhooks = new WebhookWorker(store, metrics.deliveries, {
    timeoutMs: config.webhookTimeoutS * 1000,
    retryBaseMs: config.webhookRetryBaseMs,
    maxAgeMs: WEBHOOK_MAX_AGE_MS,
    // Deliveries to different users in flight at once; each user's stay in order.
    concurrency: 64,
    node: leaseOwner,
  });
  const desk = new Desk(store, presence, hub, {
    onMessages: (direction, items) =>
      (direction === "in" ? metrics.messagesIn : metrics.messagesOut).inc({}, items),
  });
  const lifecycle = new AgentLifecycle(store, presence, hub, desk, {
    graceMs: config.requeueGraceS * 1000,
  });
  const services = {
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
  });
  const allowed = new Set(config.allowedOrigins);

  let server: Server<Connection>;
  try {
    server = Bun.serve<Connection>({
      port: config.port,
      hostname: config.host,
      fetch(req, srv) {
        if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
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
  const sweeps = [
    ...deadlineSweeps(desk, store, deadlines, Date.now()),
    { name: "drop_grace", run: (now: number) => lifecycle.sweepGrace(now) },
    retentionSweep(store, { intervalMs: config.retentionSweepS * 1000, batch: 1000 }),
    queueUpdatesSweep(store, presence),
  ];
  const scheduler = startScheduler(sweeps, {
    tickMs: 500,
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
        await scheduler.stop();
        // Stop accepting; HTTP requests in flight finish.
        const listening = server.stop();
        const conns = [...sockets.all()];
        // Let every frame already received finish its write, then say goodbye.
        await Promise.all(conns.map((c) => c.queue));
        lifecycle.stop();
        for (const c of conns) c.ws?.close(CLOSE.goingAway, "server shutting down");
        await Promise.race([listening, Bun.sleep(5000)]);
        await server.stop(true);
        await webhooks.stop();
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
