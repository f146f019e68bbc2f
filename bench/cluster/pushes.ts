// Pushes across nodes (issue 14): `bun bench/cluster/pushes.ts [PG_ADMIN_URL]`. The same
// two scenarios on one node on PostgreSQL and on two nodes (PostgreSQL and a private
// redis-server), each node its own `kefu serve` process, the agents split over the nodes
// and the bot's requests alternating between them (so about half the pushes cross):
// - user messages: POST user_message for users in active sessions, 32 in flight for 5 s;
//   throughput, and latency from the POST to the agent's connect_list_push;
// - agent replies: send_to_user from every agent, paced at 10/s each (under the protocol's
//   20 frames/s per connection), for 5 s; the reply's round trip.
// Alternates the two setups for ROUNDS rounds (3 by default); prints one markdown table
// of the medians.
import { SQL } from "bun";
import { spawnServe } from "../../tests/helpers/cli";
import { startTestRedis } from "../../tests/helpers/redis";

const adminUrl =
  process.argv[2] ?? process.env.KEFU_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const AGENTS = 40;
const USERS_PER_AGENT = 4;
const WINDOW_MS = 5000;

async function freshDatabase(): Promise<string> {
  const name = `kefu_bench_cluster_${process.pid}_${Date.now()}`;
  const admin = new SQL({ url: adminUrl, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

type Waiter = (f: Record<string, unknown>) => void;

class Agent {
  private pending = new Map<string, Waiter[]>();
  onPush: (f: Record<string, unknown>) => void = () => {};
  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      if (e.data === "beat") return ws.send("beat");
      const f = JSON.parse(String(e.data)) as Record<string, unknown>;
      const waiters = this.pending.get(String(f.method));
      const w = waiters?.shift();
      if (w && !String(f.method).endsWith("_push")) w(f);
      else this.onPush(f);
    });
  }
  static async open(url: string): Promise<Agent> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", reject, { once: true });
    });
    return new Agent(ws);
  }
  request(frame: Record<string, unknown>): Promise<Record<string, unknown>> {
    const method = String(frame.method);
    const { promise, resolve } = Promise.withResolvers<Record<string, unknown>>();
    const list = this.pending.get(method) ?? [];
    list.push(resolve);
    this.pending.set(method, list);
    this.ws.send(JSON.stringify(frame));
    return promise;
  }
  close() {
    this.ws.close();
  }
}

interface Node {
  url: string;
  ws: string;
  stop(): Promise<void>;
}

async function startNodes(count: number, db: string, bus: string | null): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const args = ["--port", "0", "--host", "127.0.0.1", "--db", db, ...(bus ? ["--bus", bus] : [])];
    const s = await spawnServe(args, { KEFU_LOG_LEVEL: "error", KEFU_API_RATE: "1000000" });
    nodes.push({
      url: s.url,
      ws: `ws://127.0.0.1:${s.port}/ws`,
      async stop() {
        s.proc.kill("SIGTERM");
        await s.proc.exited;
      },
    });
  }
  return nodes;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function scenario(count: number, bus: string | null) {
  const db = await freshDatabase();
  const sql = new SQL({ url: db, max: 2 });
  const nodes = await startNodes(count, db, bus);
  try {
    const key = await apiKeyOf(db);
    const agents: Agent[] = [];
    const users: string[] = [];
    const holder = new Map<string, Agent>();
    for (let i = 0; i < AGENTS; i++) {
      const made = await post(nodes[0] as Node, key, "/api/customer/create", {
        customer_name: `bench-${i}`,
        max_sessions: USERS_PER_AGENT,
      });
      const token = String((made.data as { token: string }).token);
      const agent = await Agent.open((nodes[i % count] as Node).ws);
      const login = await agent.request({ method: "login", token });
      if (login.code !== 0) throw new Error(`login: ${JSON.stringify(login)}`);
      agents.push(agent);
      for (let u = 0; u < USERS_PER_AGENT; u++) {
        const userid = `u-${i}-${u}`;
        await post(
          nodes[(i + u) % count] as Node,
          key,
          "/api/chat/user_message",
          user(userid, "hi"),
        );
        const took = await agent.request({ method: "connect", userid });
        if (took.code !== 0) throw new Error(`connect: ${JSON.stringify(took)}`);
        users.push(userid);
        holder.set(userid, agent);
      }
    }
    // User messages: the POST, then the agent's connect_list_push.
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const a of agents) {
      a.onPush = (f) => {
        if (f.method !== "connect_list_push") return;
        const items = f.user_query as { value: { text: string } }[];
        const tag = items[0]?.value.text ?? "";
        const at = sentAt.get(tag);
        if (at !== undefined) latencies.push(performance.now() - at);
      };
    }
    let n = 0;
    let posted = 0;
    const end = performance.now() + WINDOW_MS;
    const poster = async () => {
      while (performance.now() < end) {
        const i = n++;
        const userid = users[i % users.length] as string;
        const tag = `m${i}`;
        sentAt.set(tag, performance.now());
        const r = await post(
          nodes[i % count] as Node,
          key,
          "/api/chat/user_message",
          user(userid, tag),
        );
        if (r.code !== 0) throw new Error(`user_message: ${JSON.stringify(r)}`);
        posted++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, poster));
    const userPerS = posted / ((performance.now() - started) / 1000);
    await Bun.sleep(500);
    const arrived = latencies.length;

    // Agent replies: each agent answers its users at 10 a second.
    const replyMs: number[] = [];
    const replyEnd = performance.now() + WINDOW_MS;
    const replier = async (a: Agent, i: number) => {
      for (let k = 0; performance.now() < replyEnd; k++) {
        const userid = `u-${i}-${k % USERS_PER_AGENT}`;
        const at = performance.now();
        const r = await a.request({
          method: "send_to_user",
          userid,
          message: [{ type: "text", value: { text: "ok" } }],
        });
        if (r.code !== 0) throw new Error(`send_to_user: ${JSON.stringify(r)}`);
        replyMs.push(performance.now() - at);
        await Bun.sleep(Math.max(0, 100 - (performance.now() - at)));
      }
    };
    await Promise.all(agents.map(replier));
    for (const a of agents) a.close();
    return {
      userPerS,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      pushesArrived: arrived / Math.max(1, posted),
      replyPerS: replyMs.length / (WINDOW_MS / 1000),
      replyP50: percentile(replyMs, 50),
      replyP99: percentile(replyMs, 99),
    };
  } finally {
    for (const node of nodes) await node.stop();
    await sql.close();
  }
}

const user = (userid: string, text: string) => ({
  userid,
  user_query: [{ type: "text", value: { text } }],
});

async function post(node: Node, key: string, path: string, body: unknown) {
  const r = await fetch(`${node.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await r.json()) as { code: number; data?: unknown };
}

/** A fresh api key for bot 1, made by the command line as an operator would. */
async function apiKeyOf(db: string): Promise<string> {
  const proc = Bun.spawn(
    [process.execPath, "src/cli.ts", "bot", "key", "--bid", "1", "--db", db, "--json"],
    {
      stdout: "pipe",
    },
  );
  const out = await new Response(proc.stdout).text();
  return String((JSON.parse(out) as { api_key: string }).api_key);
}

const ROUNDS = Number(process.env.ROUNDS ?? 3);
type Figures = Awaited<ReturnType<typeof scenario>>;
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const redis = await startTestRedis();
try {
  // Alternated (one, two, one, two, ...) so a change in the machine's load hits both.
  const ones: Figures[] = [];
  const twos: Figures[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ones.push(await scenario(1, null));
    twos.push(await scenario(2, redis.url));
  }
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  console.log(`medians of ${ROUNDS} rounds`);
  console.log("| figure | one node (PostgreSQL) | two nodes (PostgreSQL + Redis) | two ÷ one |");
  console.log("| --- | --- | --- | --- |");
  const row = (label: string, key: keyof Figures) => {
    const a = median(ones.map((x) => x[key]));
    const b = median(twos.map((x) => x[key]));
    console.log(`| ${label} | ${f(a)} | ${f(b)} | ${(b / a).toFixed(2)}× |`);
  };
  row("user messages/s (32 in flight)", "userPerS");
  row("POST → connect_list_push p50 (ms)", "p50");
  row("POST → connect_list_push p99 (ms)", "p99");
  row("share of pushes arrived", "pushesArrived");
  row("agent replies/s (40 agents at 10/s each)", "replyPerS");
  row("send_to_user round trip p50 (ms)", "replyP50");
  row("send_to_user round trip p99 (ms)", "replyP99");
} finally {
  await redis.stop();
}
