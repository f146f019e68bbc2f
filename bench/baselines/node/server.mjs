// What a user would otherwise pick: the Bun baseline's program on Node.js with `ws` and
// `better-sqlite3` — parse, one committed insert (WAL, synchronous=FULL), one send.
// Plain JavaScript so that Node 20 runs it as it is; its dependencies stay in this folder.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import { WebSocketServer } from "ws";

const webhookUrl = process.env.BENCH_WEBHOOK_URL ?? "";
const heartbeatMs = Number(process.env.KEFU_HEARTBEAT_S ?? "10") * 1000;

const db = new Database(process.env.BENCH_DB ?? ":memory:");
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${process.env.KEFU_SYNC === "normal" ? "NORMAL" : "FULL"}`);
db.exec(`CREATE TABLE IF NOT EXISTS agents (id INTEGER PRIMARY KEY, bot_id INTEGER NOT NULL,
  name TEXT NOT NULL, token TEXT NOT NULL, max_sessions INTEGER NOT NULL)`);
db.exec(`CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, bot_id INTEGER NOT NULL,
  userid TEXT NOT NULL, agent_id INTEGER, body TEXT NOT NULL, created_at INTEGER NOT NULL)`);
const insertAgent = db.prepare(
  "INSERT INTO agents (bot_id, name, token, max_sessions) VALUES (?, ?, ?, ?) RETURNING id",
);
const insertMessage = db.prepare(
  "INSERT INTO messages (bot_id, userid, agent_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
);

const byToken = new Map();
const online = new Map();
const holder = new Map();

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

const ok = (res, data) => send(res, 200, { code: 0, msg: "ok", data });

/** The least loaded logged-in agent of the bot with auto-connect on and room. */
function choose(botId) {
  let best = null;
  for (const a of online.get(botId) ?? []) {
    if (a.auto && a.users < a.maxSessions && (!best || a.users < best.users)) best = a;
  }
  return best;
}

function api(res, botId, path, body) {
  if (path === "/api/customer/create") {
    const token = randomBytes(24).toString("hex");
    const maxSessions = Number(body.max_sessions ?? 5);
    const { id } = insertAgent.get(botId, String(body.customer_name), token, maxSessions);
    byToken.set(token, { id, botId, maxSessions, auto: false, users: 0, ws: null });
    return ok(res, { customer_id: id, token });
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
    insertMessage.run(botId, userid, null, JSON.stringify(body.user_query), Date.now());
    agent?.ws?.send(
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
    return ok(res, { state: agent ? "active" : "waiting", customer_id: agent?.id ?? null });
  }
  if (path === "/api/chat/send_to_group") {
    const text = JSON.stringify(body.data);
    let sent = 0;
    for (const a of online.get(botId) ?? []) {
      a.ws?.send(text);
      sent++;
    }
    return ok(res, { sent });
  }
  return send(res, 404, { code: 404, msg: "no such route" });
}

function onFrame(ws, frame) {
  if (frame.method === "login") {
    const agent = byToken.get(String(frame.token));
    if (!agent) return { method: "login", code: 440, msg: "Invalid token" };
    ws.agent = agent;
    agent.ws = ws;
    let set = online.get(agent.botId);
    if (!set) {
      set = new Set();
      online.set(agent.botId, set);
    }
    set.add(agent);
    return { method: "login", code: 0, msg: "ok", customer_id: agent.id, bid: agent.botId };
  }
  const agent = ws.agent;
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
    insertMessage.run(agent.botId, userid, agent.id, JSON.stringify(frame.message), Date.now());
    if (webhookUrl) {
      const event = { event: "agent_message", bid: agent.botId, userid, customer_id: agent.id };
      fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...event, message: frame.message }),
      }).then(
        (res) => res.body?.cancel(),
        () => undefined,
      );
    }
    const success = frame.message.length;
    return { method: frame.method, code: 0, msg: "ok", data: { success, failure: 0 } };
  }
  return { method: frame.method, code: 400, msg: "unknown method" };
}

const server = createServer((req, res) => {
  const botId = Number(/^Bearer bot-(\d+)$/.exec(req.headers.authorization ?? "")?.[1]);
  if (!botId) return send(res, 401, { code: 401, msg: "api key" });
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    api(res, botId, path, JSON.parse(Buffer.concat(chunks).toString("utf8")));
  });
});
// Keep-alive connections from the bench's clients stay open between requests.
server.keepAliveTimeout = 60_000;

const wss = new WebSocketServer({ server });
wss.on("connection", (ws) => {
  ws.agent = null;
  ws.lastSeen = Date.now();
  ws.on("message", (data, isBinary) => {
    ws.lastSeen = Date.now();
    const text = isBinary ? "" : data.toString();
    if (text === "beat") return;
    ws.send(JSON.stringify(onFrame(ws, JSON.parse(text))));
  });
  ws.on("close", () => {
    const agent = ws.agent;
    if (agent) {
      agent.ws = null;
      online.get(agent.botId)?.delete(agent);
    }
  });
});

setInterval(() => {
  const silent = Date.now() - 3 * heartbeatMs;
  for (const ws of wss.clients) {
    if (ws.lastSeen < silent) ws.close(4000, "heartbeat timeout");
    else ws.send("beat");
  }
}, heartbeatMs);

server.listen(Number(process.env.PORT ?? "0"), "127.0.0.1", () => {
  console.log(`port ${server.address().port}`);
});
