// A client process for the bot backend's side: it POSTs to the HTTP API, closed-loop (a
// fixed number in flight) or open-loop (a fixed rate, whatever the answers do).
import { now } from "./clock";
import { serve } from "./rpc";

export interface Target {
  url: string;
  key: string;
}

const text = (t: string) => [{ type: "text", value: { text: t } }];

async function post(target: Target, path: string, body: unknown): Promise<Response> {
  return fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function userMessage(target: Target, userid: string, message: string): Promise<boolean> {
  const res = await post(target, "/api/chat/user_message", { userid, user_query: text(message) });
  await res.arrayBuffer();
  return res.ok;
}

/** Runs `job` over `items`, `concurrency` at a time; counts failures. */
async function pool<T>(items: T[], concurrency: number, job: (item: T) => Promise<boolean>) {
  let next = 0;
  let errors = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      if (!(await job(items[i] as T).catch(() => false))) errors++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return errors;
}

const api = {
  /** Makes `n` agents of the key's bot; returns their tokens. */
  async createAgents(arg: Target & { n: number; maxSessions: number; concurrency: number }) {
    const tokens: string[] = [];
    const names = Array.from({ length: arg.n }, (_, i) => `agent-${i + 1}`);
    const errors = await pool(names, arg.concurrency, async (name) => {
      const res = await post(arg, "/api/customer/create", {
        customer_name: name,
        max_sessions: arg.maxSessions,
      });
      const body = (await res.json()) as { data?: { token?: string } };
      if (!body.data?.token) return false;
      tokens.push(body.data.token);
      return true;
    });
    if (errors > 0) throw new Error(`${errors} of ${arg.n} agents could not be created`);
    return tokens;
  },

  /** One message from each user, `concurrency` at a time (all at once for a burst). */
  async greet(arg: Target & { users: string[]; concurrency: number }) {
    const started = now();
    const errors = await pool(arg.users, arg.concurrency, (u) => userMessage(arg, u, "hello"));
    return { started, errors, ms: now() - started };
  },

  /** `concurrency` requests in flight for `durationMs`: the saturation rate. */
  async closed(arg: Target & { users: string[]; concurrency: number; durationMs: number }) {
    const started = now();
    const end = started + arg.durationMs;
    let done = 0;
    let errors = 0;
    let i = 0;
    const worker = async () => {
      while (now() < end) {
        const u = arg.users[i++ % arg.users.length] as string;
        const ok = await userMessage(arg, u, `bench ${now()}`).catch(() => false);
        if (ok) done++;
        else errors++;
      }
    };
    await Promise.all(Array.from({ length: arg.concurrency }, worker));
    const ms = now() - started;
    return { done, errors, perS: (done * 1000) / ms };
  },

  /** `rate` requests a second for `durationMs`, sent on schedule whatever the answers do. */
  async open(arg: Target & { users: string[]; rate: number; durationMs: number }) {
    const started = now();
    let sent = 0;
    let errors = 0;
    const inFlight: Promise<void>[] = [];
    while (now() - started < arg.durationMs) {
      const due = Math.floor(((now() - started) * arg.rate) / 1000);
      for (; sent < due; sent++) {
        const u = arg.users[sent % arg.users.length] as string;
        inFlight.push(
          userMessage(arg, u, `bench ${now()}`).then(
            (ok) => {
              if (!ok) errors++;
            },
            () => {
              errors++;
            },
          ),
        );
      }
      await Bun.sleep(1);
    }
    await Promise.all(inFlight);
    return { sent, errors, perS: (sent * 1000) / (now() - started) };
  },

  /** `count` send_to_group calls `gapMs` apart, each carrying its sequence number. */
  async group(arg: Target & { count: number; gapMs: number }) {
    let errors = 0;
    for (let seq = 1; seq <= arg.count; seq++) {
      const t = now();
      const res = await post(arg, "/api/chat/send_to_group", {
        data: { method: "bench_group", bench_group: seq, seq, t },
      });
      await res.arrayBuffer();
      if (!res.ok) errors++;
      await Bun.sleep(Math.max(0, t + arg.gapMs - now()));
    }
    return { errors };
  },
};

export type PosterApi = typeof api;
serve(api);
