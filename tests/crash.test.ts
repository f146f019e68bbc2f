// Crash safety (CONTRACT.md, "One process, one port": "A reply that acknowledges a write is
// sent only after that write is committed"; "Back to the bot: events": at least once,
// "Pending deliveries survive a restart"). `kefu serve` runs as its own process under load
// (users' messages over HTTP, an agent's replies and disconnects over WebSocket, a webhook
// that fails half the time) and is killed with SIGKILL, twice. After each restart on the
// same file, every acknowledged write is there, nothing is half-written, every event
// reaches the webhook, and no secret ever appeared in the server's output.
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { kefu } from "./helpers/cli";

const CLI = join(import.meta.dir, "../src/cli.ts");
const dir = mkdtempSync(join(tmpdir(), "kefu-crash-"));
const db = join(dir, "kefu.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `kefu serve` in its own process, with all it prints kept (stdout and stderr). */
async function serve(sync: "full" | "normal" = "full") {
  const proc = Bun.spawn([process.execPath, CLI, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: {
      ...process.env,
      KEFU_DB: db,
      KEFU_WEBHOOK_RETRY_BASE_MS: "50",
      // The receiver answers at once; a short timeout keeps short the leases a killed
      // process leaves on the events it was sending (the timeout and 5 s).
      KEFU_WEBHOOK_TIMEOUT_S: "2",
      KEFU_API_RATE: "100000",
      KEFU_SYNC: sync,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let output = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      output += decoder.decode(value);
    }
  };
  const drained = Promise.all([drain(proc.stdout), drain(proc.stderr)]);
  const end = Date.now() + 15_000;
  while (!/\(port (\d+)/.test(output)) {
    if (Date.now() > end || proc.exitCode !== null) throw new Error(`no start: ${output}`);
    await Bun.sleep(10);
  }
  const port = Number(/\(port (\d+)/.exec(output)?.[1]);
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    /** Everything the process printed, once it has exited. */
    async output() {
      await drained;
      return output;
    },
  };
}

const items = (tag: string) => [
  { type: "text", value: { text: `${tag}/a` } },
  { type: "text", value: { text: `${tag}/b` } },
];

/** What the server acknowledged with code 0 before it died. */
interface Acks {
  userMessages: Map<string, { userid: string; sessionId: number | null }>;
  replies: Map<string, string>;
  ended: number[];
}

/** Load for `ms`: a bot and an agent writing at once, then SIGKILL mid-flight. */
async function loadAndKill(
  server: Awaited<ReturnType<typeof serve>>,
  apiKey: string,
  token: string,
  round: number,
  acks: Acks,
) {
  const agent = await TestAgent.login(server.wsUrl, token, { force_online: 1 });
  await agent.request({ method: "set_auto_connect_status", status: 1 });
  const mine = new Map<string, number>();
  let stop = false;
  let n = 0;

  const botWorker = async () => {
    while (!stop) {
      const i = n++;
      const userid = `r${round}-u${i % 12}`;
      const msgid = `r${round}-m${i}`;
      try {
        const res = await fetch(`${server.url}/api/chat/user_message`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ userid, msgid, user_query: items(msgid) }),
        });
        const body = (await res.json()) as {
          code: number;
          data: { session_id: number | null; state: string; customer_id: number | null };
        };
        if (body.code !== 0) throw new Error(`user_message failed: ${JSON.stringify(body)}`);
        acks.userMessages.set(msgid, { userid, sessionId: body.data.session_id });
        if (body.data.state === "active" && body.data.session_id !== null)
          mine.set(userid, body.data.session_id);
      } catch (err) {
        if (!stop) throw err;
      }
    }
  };

  let k = 0;
  const agentWorker = async () => {
    while (!stop) {
      const users = [...mine.keys()];
      if (users.length === 0) {
        await Bun.sleep(5);
        continue;
      }
      const userid = users[k % users.length] as string;
      const tag = `r${round}-reply${k++}`;
      // Every seventh step ends the session instead; the next message opens a new one.
      const frame =
        k % 7 === 0
          ? { method: "disconnect", userid }
          : { method: "send_to_user", userid, message: items(tag) };
      const sessionId = mine.get(userid) as number;
      if (frame.method === "disconnect") mine.delete(userid);
      const reply = await agent.request(frame, 1000).catch(() => null);
      if (reply?.code !== 0) continue;
      if (frame.method === "disconnect") acks.ended.push(sessionId);
      else acks.replies.set(tag, userid);
    }
  };

  const workers = [
    ...Array.from({ length: 6 }, botWorker),
    ...Array.from({ length: 3 }, agentWorker),
  ];
  // Let the load build up, then kill while requests and frames are in flight.
  await Bun.sleep(1500);
  stop = true;
  server.proc.kill("SIGKILL");
  await server.proc.exited;
  await Promise.all(workers);
  agent.close();
}

function texts(rows: { value: string }[]): string[] {
  return rows.map((r) => (JSON.parse(r.value) as { text: string }).text);
}

/** Every acknowledged write is in the file, and nothing is half-written. */
function checkDatabase(acks: Acks) {
  const sqlite = new Database(db, { readonly: true });
  try {
    expect(sqlite.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const userRows = sqlite
      .query(`SELECT value, session_id AS sessionId FROM messages WHERE "from" = 'user'`)
      .all() as { value: string; sessionId: number | null }[];
    const byText = new Map(texts(userRows).map((t, i) => [t, userRows[i]?.sessionId]));
    for (const [msgid, ack] of acks.userMessages) {
      expect({ msgid, a: byText.get(`${msgid}/a`) }).toEqual({ msgid, a: ack.sessionId });
      expect({ msgid, b: byText.get(`${msgid}/b`) }).toEqual({ msgid, b: ack.sessionId });
    }
    const agentTexts = new Set(
      texts(
        sqlite.query(`SELECT value FROM messages WHERE "from" = 'agent'`).all() as {
          value: string;
        }[],
      ),
    );
    for (const tag of acks.replies.keys()) {
      expect({ tag, stored: agentTexts.has(`${tag}/a`) && agentTexts.has(`${tag}/b`) }).toEqual({
        tag,
        stored: true,
      });
    }
    // Atomic: a message's items all or none, for acknowledged and unacknowledged calls alike.
    const all = new Set([...byText.keys(), ...agentTexts]);
    for (const t of all) {
      const other = t.endsWith("/a") ? `${t.slice(0, -2)}/b` : `${t.slice(0, -2)}/a`;
      expect({ t, pair: all.has(other) }).toEqual({ t, pair: true });
    }
    // Every stored agent message has its event, committed with it.
    const eventTexts = new Set(
      (
        sqlite.query(`SELECT body FROM events WHERE type = 'agent_message'`).all() as {
          body: string;
        }[]
      ).flatMap((r) =>
        (JSON.parse(r.body) as { message: { value: { text: string } }[] }).message.map(
          (m) => m.value.text,
        ),
      ),
    );
    for (const t of agentTexts) expect({ t, event: eventTexts.has(t) }).toEqual({ t, event: true });
    // Acknowledged ends are ended, with their event.
    const ended = new Set(
      (sqlite.query(`SELECT id FROM sessions WHERE state = 'ended'`).all() as { id: number }[]).map(
        (r) => r.id,
      ),
    );
    for (const id of acks.ended) expect({ id, ended: ended.has(id) }).toEqual({ id, ended: true });
    const endedEvents = sqlite
      .query(`SELECT count(*) AS n FROM events WHERE type = 'session_ended'`)
      .get() as { n: number };
    expect(endedEvents.n).toBeGreaterThanOrEqual(acks.ended.length);
    // One open session per user; an active one has an agent, a waiting one none.
    const open = sqlite
      .query(`SELECT userid, state, agent_id AS agentId FROM sessions WHERE state <> 'ended'`)
      .all() as { userid: string; state: string; agentId: number | null }[];
    expect(new Set(open.map((s) => s.userid)).size).toBe(open.length);
    for (const s of open) expect(s.state === "active").toBe(s.agentId !== null);
  } finally {
    sqlite.close();
  }
}

test("SIGKILL under load loses no acknowledged write, leaves none half-written, and every event is delivered after the restart", async () => {
  // A webhook receiver that refuses half the deliveries until told to take them all.
  const delivered = new Set<string>();
  let acceptAll = false;
  let attempts = 0;
  const hook = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const event = (await req.json()) as { id: string };
      if (!acceptAll && attempts++ % 2 === 0) return new Response(null, { status: 503 });
      delivered.add(event.id);
      return new Response(null, { status: 204 });
    },
  });

  const made = JSON.parse(
    (
      await kefu([
        "bot",
        "create",
        "--name",
        "crashy",
        "--webhook-url",
        `http://127.0.0.1:${hook.port}/hook`,
        "--db",
        db,
        "--json",
      ])
    ).stdout,
  ) as { bid: number; api_key: string; webhook_secret: string };
  const agentMade = JSON.parse(
    (
      await kefu([
        "agent",
        "create",
        "--bid",
        String(made.bid),
        "--name",
        "night-shift",
        "--max-sessions",
        "100",
        "--db",
        db,
        "--json",
      ])
    ).stdout,
  ) as { token: string };
  const secrets = [made.api_key, made.webhook_secret, agentMade.token];

  const acks: Acks = { userMessages: new Map(), replies: new Map(), ended: [] };
  const outputs: string[] = [];
  try {
    // Both durability settings survive a crash of the process (docs/security.md).
    for (const [round, sync] of [
      [1, "full"],
      [2, "normal"],
    ] as const) {
      const server = await serve(sync);
      await loadAndKill(server, made.api_key, agentMade.token, round, acks);
      outputs.push(await server.output());
      checkDatabase(acks);
    }
    // The load really ran: many writes were acknowledged before each kill.
    expect(acks.userMessages.size).toBeGreaterThan(50);
    expect(acks.replies.size).toBeGreaterThan(20);
    expect(acks.ended.length).toBeGreaterThan(0);

    // Restarted, with a receiver that takes everything: every event is delivered.
    acceptAll = true;
    const server = await serve();
    try {
      const sqlite = new Database(db, { readonly: true });
      const ids = () =>
        (sqlite.query("SELECT id FROM events").all() as { id: string }[]).map((r) => r.id);
      const pending = () =>
        (
          sqlite
            .query(`SELECT count(*) AS n FROM events WHERE delivery IN ('pending', 'failed')`)
            .get() as { n: number }
        ).n;
      const end = Date.now() + 30_000;
      while ((pending() > 0 || ids().some((id) => !delivered.has(id))) && Date.now() < end) {
        await Bun.sleep(50);
      }
      expect(ids().filter((id) => !delivered.has(id))).toEqual([]);
      expect(pending()).toBe(0);
      const total = ids().length;
      sqlite.close();
      // The events feed agrees after the restart.
      const feed = await fetch(`${server.url}/api/chat/events?limit=1000`, {
        headers: { authorization: `Bearer ${made.api_key}` },
      });
      const { data } = (await feed.json()) as { data: { events: { id: string }[] } };
      expect(data.events.length).toBe(Math.min(1000, total));
    } finally {
      server.proc.kill("SIGTERM");
      expect(await server.proc.exited).toBe(0);
      outputs.push(await server.output());
    }

    // Secrets never reach the logs: not on a restart, not in an error.
    for (const out of outputs) {
      for (const secret of secrets) expect(out.includes(secret)).toBe(false);
      expect(out).not.toMatch(/kf[kt]_[A-Za-z0-9_-]{20,}/);
    }
  } finally {
    hook.stop(true);
  }
}, 60_000);
