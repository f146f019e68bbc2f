// A client process holding many agent WebSocket connections: it logs them in, answers
// `beat`, and notes when pushes arrive. Senders write their send time into the payload
// (`bench <ms>`), so a latency is the arrival time here minus that.
import { now } from "./clock";
import { serve } from "./rpc";

interface Waiter {
  prefix: string;
  resolve: (frame: string) => void;
}

interface Agent {
  ws: WebSocket;
  users: string[];
  waiters: Waiter[];
}

export interface Group {
  seq: number;
  /** When it was sent. */
  t: number;
  n: number;
  last: number;
}

export interface Samples {
  /** Milliseconds from a user message's send time to its connect_list_push here. */
  latencies: number[];
  pushes: number;
  lastPushAt: number;
  /** Users each agent was given, one number per agent. */
  usersPerAgent: number[];
  groups: Group[];
  closed: number;
}

const BENCH_TEXT = /"text":"bench ([\d.]+)"/;
const USERID = /"userid":"([^"]+)"/;

const agents: Agent[] = [];
let latencies: number[] = [];
let pushes = 0;
let lastPushAt = 0;
let closed = 0;
const groups = new Map<number, Group>();

function onFrame(a: Agent, data: string): void {
  if (data === "beat") {
    a.ws.send("beat");
    return;
  }
  const w = a.waiters[0];
  if (w && data.startsWith(w.prefix)) {
    a.waiters.shift();
    w.resolve(data);
    return;
  }
  if (data.includes('"connect_list_push"')) {
    const at = now();
    pushes++;
    lastPushAt = at;
    const userid = USERID.exec(data)?.[1];
    if (userid && !a.users.includes(userid)) a.users.push(userid);
    const sent = BENCH_TEXT.exec(data)?.[1];
    if (sent) latencies.push(at - Number(sent));
    return;
  }
  if (data.includes('"bench_group"')) {
    const at = now();
    const { seq, t } = JSON.parse(data) as { seq: number; t: number };
    const g = groups.get(seq) ?? { seq, t, n: 0, last: 0 };
    g.n++;
    g.last = Math.max(g.last, at);
    groups.set(seq, g);
  }
}

function request(a: Agent, frame: { method: string } & Record<string, unknown>): Promise<string> {
  const { promise, resolve } = Promise.withResolvers<string>();
  a.waiters.push({ prefix: `{"method":"${frame.method}"`, resolve });
  a.ws.send(JSON.stringify(frame));
  return promise;
}

const codeOf = (reply: string) => Number(/"code":(\d+)/.exec(reply)?.[1] ?? -1);

async function open(url: string, token: string, autoConnect: boolean): Promise<void> {
  const ws = new WebSocket(url);
  const a: Agent = { ws, users: [], waiters: [] };
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
  });
  ws.addEventListener("message", (e) => onFrame(a, String(e.data)));
  ws.addEventListener("close", () => closed++);
  const login = await request(a, { method: "login", token });
  if (codeOf(login) !== 0) throw new Error(`login failed: ${login.slice(0, 120)}`);
  if (autoConnect) {
    const r = await request(a, { method: "set_auto_connect_status", status: 1 });
    if (codeOf(r) !== 0) throw new Error(`auto-connect failed: ${r.slice(0, 120)}`);
  }
  agents.push(a);
}

const api = {
  /** Opens and logs in one connection per token, `concurrency` at a time. */
  async connect(arg: { url: string; tokens: string[]; autoConnect: boolean; concurrency: number }) {
    const started = now();
    let next = 0;
    let failed = 0;
    let firstError = "";
    const worker = async () => {
      for (let i = next++; i < arg.tokens.length; i = next++) {
        try {
          await open(arg.url, arg.tokens[i] as string, arg.autoConnect);
        } catch (err) {
          failed++;
          firstError ||= String(err);
        }
      }
    };
    await Promise.all(Array.from({ length: arg.concurrency }, worker));
    return { connected: agents.length, failed, firstError, ms: now() - started };
  },

  async reset(_: null) {
    latencies = [];
    pushes = 0;
    lastPushAt = 0;
    groups.clear();
    return null;
  },

  async samples(_: null): Promise<Samples> {
    return {
      latencies,
      pushes,
      lastPushAt,
      usersPerAgent: agents.map((a) => a.users.length),
      groups: [...groups.values()],
      closed,
    };
  },

  /**
   * Every agent with users replies to them in turn (send_to_user), one frame in flight and
   * at most `hz` a second each (the protocol allows 20), until `durationMs` is over.
   */
  async reply(arg: { durationMs: number; hz: number }) {
    const end = now() + arg.durationMs;
    const acks: number[] = [];
    let errors = 0;
    let firstError = "";
    const loop = async (a: Agent) => {
      for (let i = 0; now() < end; i++) {
        const t = now();
        const userid = a.users[i % a.users.length] as string;
        const reply = await request(a, {
          method: "send_to_user",
          userid,
          message: [{ type: "text", value: { text: `bench ${t}` } }],
        });
        if (codeOf(reply) === 0) acks.push(now() - t);
        else {
          errors++;
          firstError ||= reply.slice(0, 160);
        }
        const wait = t + 1000 / arg.hz - now();
        if (wait > 0) await Bun.sleep(wait);
      }
    };
    await Promise.all(agents.filter((a) => a.users.length > 0).map(loop));
    return { acks, errors, firstError };
  },

  /**
   * Logins while the rest goes on: each of `parallel` loops logs one of its tokens in on a
   * new connection and closes it, in turn, until `durationMs` is over; `perS` logins a
   * second in all, at most.
   */
  async churn(arg: {
    url: string;
    tokens: string[];
    parallel: number;
    perS: number;
    durationMs: number;
  }) {
    const end = now() + arg.durationMs;
    const everyMs = (arg.parallel * 1000) / arg.perS;
    let logins = 0;
    let errors = 0;
    let firstError = "";
    const loop = async (mine: string[]) => {
      for (let i = 0; now() < end; i++) {
        const due = now() + everyMs;
        const ws = new WebSocket(arg.url);
        const a: Agent = { ws, users: [], waiters: [] };
        try {
          await new Promise<void>((resolve, reject) => {
            ws.addEventListener("open", () => resolve(), { once: true });
            ws.addEventListener("error", () => reject(new Error("cannot connect")), { once: true });
          });
          ws.addEventListener("message", (e) => onFrame(a, String(e.data)));
          const login = await request(a, { method: "login", token: mine[i % mine.length] });
          if (codeOf(login) === 0) logins++;
          else {
            errors++;
            firstError ||= login.slice(0, 160);
          }
        } catch (err) {
          errors++;
          firstError ||= String(err);
        }
        const gone = new Promise((resolve) =>
          ws.addEventListener("close", resolve, { once: true }),
        );
        ws.close();
        await gone;
        await Bun.sleep(Math.max(0, due - now()));
      }
    };
    const parts = Array.from({ length: arg.parallel }, (_, k) =>
      arg.tokens.filter((_, j) => j % arg.parallel === k),
    );
    await Promise.all(parts.filter((t) => t.length > 0).map(loop));
    return { logins, errors, firstError };
  },

  async close(_: null) {
    for (const a of agents) a.ws.close();
    agents.length = 0;
    return null;
  },
};

export type SwarmApi = typeof api;
serve(api);
