// The limit: the least a Bun program must do for the bench's scenarios — parse, one
// committed insert (WAL, synchronous=FULL, as kefu), one send — speaking just enough of
// kefu's protocol for the bench's clients. Api keys are `bot-<bid>`; no checks beyond that.
// With BENCH_BATCH=1 (the bench's `bun-batch`), the inserts that arrive in one turn of the
// event loop share one transaction and its fsync, and each answer waits for that COMMIT:
// the limit for a group-committing server such as kefu.
import { Database } from "bun:sqlite";
import { randomBytes } from "node:crypto";
import type { ServerWebSocket } from "bun";

interface Agent {
  id: number;
  botId: number;
  maxSessions: number;
  auto: boolean;
  users: number;
  ws: ServerWebSocket<Conn> | null;
}

interface Conn {
  agent: Agent | null;
  lastSeen: number;
}

type Frame = { method?: string } & Record<string, unknown>;

const webhookUrl = process.env.BENCH_WEBHOOK_URL ?? "";
const heartbeatMs = Number(process.env.KEFU_HEARTBEAT_S ?? "10") * 1000;

const db = new Database(process.env.BENCH_DB ?? ":memory:", { create: true, strict: true });
db.run("PRAGMA journal_mode = WAL");
db.run(`PRAGMA synchronous = ${process.env.KEFU_SYNC === "normal" ? "NORMAL" : "FULL"}`);
db.run(`CREATE TABLE IF NOT EXISTS agents (id INTEGER PRIMARY KEY, bot_id INTEGER NOT NULL,
  name TEXT NOT NULL, token TEXT NOT NULL, max_sessions INTEGER NOT NULL)`);
db.run(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, bot_id INTEGER NOT NULL,
  userid TEXT NOT NULL, agent_id INTEGER, body TEXT NOT NULL, created_at INTEGER NOT NULL)`);
const insertAgent = db.prepare<{ id: number }, [number, string, string, number]>(
  "INSERT INTO agents (bot_id, name, token, max_sessions) VALUES (?, ?, ?, ?) RETURNING id",
);
const insertMessage = db.prepare<never, [number, string, number | null, string, number]>(
  "INSERT INTO messages (bot_id, userid, agent_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
);

const batching = process.env.BENCH_BATCH === "1";
let writes: (() => void)[] = [];
let afterwards: (() => void)[] = [];
const inOneTransaction = db.transaction((batch: (() => void)[]) => {
  for (const w of batch) w();
});

function flush(): void {
  const batch = writes;
  const then = afterwards;
  writes = [];
  afterwards = [];
  inOneTransaction.immediate(batch);
  for (const f of then) f();
}

/** Commits `write` (alone, or with the rest of this turn's writes), then runs `after`. */
function commit(write: () => void, after: () => void): void {
  if (!batching) {
    write();
    after();
    return;
  }
  if (writes.length === 0) setImmediate(flush);
  writes.push(write);
  afterwards.push(after);
}

const byToken = new Map<string, Agent>();
const online = new Map<number, Set<Agent>>();
const holder = new Map<string, Agent>();
const conns = new Set<ServerWebSocket<Conn>>();

const ok = (data: unknown) => Response.json({ code: 0, msg: "ok", data });

/** The least loaded logged-in agent of the bot with auto-connect on and room. */
function choose(botId: number): Agent | null {
  let best: Agent | null = null;
  for (const a of online.get(botId) ?? []) {
    if (a.auto && a.users < a.maxSessions && (!best || a.users < best.users)) best = a;
  }
  return best;
}

async function api(req: Request, botId: number, path: string): Promise<Response> {
  const body = (await req.json()) as Record<string, unknown>;
  if (path === "/api/customer/create") {
    const token = randomBytes(24).toString("hex");
    const maxSessions = Number(body.max_sessions ?? 5);
    const row = insertAgent.get(botId, String(body.customer_name), token, maxSessions);
    const id = row?.id ?? 0;
    byToken.set(token, { id, botId, maxSessions, auto: false, users: 0, ws: null });
    return ok({ customer_id: id, token });
  }
  if (path === "/api/chat/user_message") {
    const userid = String(body.userid);
    const key = `${botId}:${userid}`;
    let agent = holder.get(key) ?? null;
    if (!agent) {
      agent = choose(botId);
      if (agent) {
        agent.users++;
        holder.set(key, agent);
      }
    }
    const to = agent;
    return new Promise((resolve) =>
      commit(
        () => insertMessage.run(botId, userid, null, JSON.stringify(body.user_query), Date.now()),
        () => {
          to?.ws?.send(
            JSON.stringify({
              code: 0,
              method: "connect_list_push",
              userid,
              head_img: "",
              nickname: "",
              timestamp: Math.floor(Date.now() / 1000),
              user_query: body.user_query,
            }),
          );
          resolve(ok({ state: to ? "active" : "waiting", customer_id: to?.id ?? null }));
        },
      ),
    );
  }
  if (path === "/api/chat/send_to_group") {
    const topic = `bot-${botId}`;
    server.publish(topic, JSON.stringify(body.data));
    return ok({ sent: server.subscriberCount(topic) });
  }
  return Response.json({ code: 404, msg: "no such route" }, { status: 404 });
}

/** The frame's answer, or null when it is sent later (after a commit). */
function onFrame(ws: ServerWebSocket<Conn>, frame: Frame): Frame | null {
  const conn = ws.data;
  if (frame.method === "login") {
    const agent = byToken.get(String(frame.token));
    if (!agent) return { method: "login", code: 440, msg: "Invalid token" };
    conn.agent = agent;
    agent.ws = ws;
    let set = online.get(agent.botId);
    if (!set) {
      set = new Set();
      online.set(agent.botId, set);
    }
    set.add(agent);
    ws.subscribe(`bot-${agent.botId}`);
    return { method: "login", code: 0, msg: "ok", customer_id: agent.id, bid: agent.botId };
  }
  const agent = conn.agent;
  if (!agent) return { method: frame.method, code: 401, msg: "log in first" };
  if (frame.method === "set_auto_connect_status") {
    agent.auto = frame.status === 1;
    return { method: frame.method, code: 0, msg: "ok" };
  }
  if (frame.method === "send_to_user") {
    const userid = String(frame.userid);
    if (holder.get(`${agent.botId}:${userid}`) !== agent) {
      return { method: frame.method, code: 404, msg: "no active session" };
    }
    const message = frame.message as unknown[];
    commit(
      () => insertMessage.run(agent.botId, userid, agent.id, JSON.stringify(message), Date.now()),
      () => {
        if (webhookUrl) {
          const event = { event: "agent_message", bid: agent.botId, userid, customer_id: agent.id };
          fetch(webhookUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ ...event, message }),
          }).then(
            (res) => res.body?.cancel(),
            () => undefined,
          );
        }
        const data = { success: message.length, failure: 0 };
        ws.send(JSON.stringify({ method: frame.method, code: 0, msg: "ok", data }));
      },
    );
    return null;
  }
  return { method: frame.method, code: 400, msg: "unknown method" };
}

const server = Bun.serve<Conn>({
  port: Number(process.env.PORT ?? "0"),
  hostname: "127.0.0.1",
  fetch(req, srv) {
    const url = new URL(req.url);
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
      return srv.upgrade(req, { data: { agent: null, lastSeen: Date.now() } })
        ? undefined
        : new Response("upgrade failed", { status: 400 });
    }
    const botId = Number(/^Bearer bot-(\d+)$/.exec(req.headers.get("authorization") ?? "")?.[1]);
    if (!botId) return Response.json({ code: 401, msg: "api key" }, { status: 401 });
    return api(req, botId, url.pathname);
  },
  websocket: {
    idleTimeout: 0,
    sendPings: false,
    open(ws) {
      conns.add(ws);
      ws.subscribe("all");
    },
    message(ws, message) {
      ws.data.lastSeen = Date.now();
      if (message === "beat") return;
      const answer = onFrame(ws, JSON.parse(String(message)) as Frame);
      if (answer) ws.send(JSON.stringify(answer));
    },
    close(ws) {
      conns.delete(ws);
      const agent = ws.data.agent;
      if (agent) {
        agent.ws = null;
        online.get(agent.botId)?.delete(agent);
      }
    },
  },
});

setInterval(() => {
  const silent = Date.now() - 3 * heartbeatMs;
  for (const ws of conns) if (ws.data.lastSeen < silent) ws.close(4000, "heartbeat timeout");
  server.publish("all", "beat");
}, heartbeatMs);

console.log(`port ${server.port}`);
