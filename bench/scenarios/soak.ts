// Scenario 6: a steady mix for `--minutes` (10 by default) at about half of saturation:
// users' messages, agents' replies with their webhooks, and logins, all at once. It shows whether
// memory, tail latency and the event loop's delay stay flat: the first minute beside the
// last. At the end nothing may be left undelivered.

import { makeAgents, resetSwarms, rig, samples, until, usersNamed } from "../lib/harness";
import { cpuSeconds, rssBytes } from "../lib/proc-stats";
import type { Figures, Scenario } from "../lib/scenario";
import { percentile } from "../lib/stats";

const MINUTE_MS = 60_000;
/**
 * A shift's worth of agents coming and going, each login pushed to every colleague. As
 * many as the loops could make, they took every spare cycle, so the mix was never at half.
 */
const LOGINS_PER_S = 20;
/** How often the probe asks the server for /healthz: its answer time is the loop's delay. */
const PROBE_MS = 100;

interface Minute {
  rssMiB: number;
  cpuPct: number;
  msgP99: number;
  replyP99: number;
  hookP99: number;
  probeP99: number;
  probeMax: number;
  loginsPerS: number;
}

const FIELDS: { key: keyof Minute; label: string; unit: string }[] = [
  { key: "rssMiB", label: "RSS at the minute's end", unit: "MiB" },
  { key: "cpuPct", label: "CPU", unit: "% of a core" },
  { key: "msgP99", label: "user message → push p99", unit: "ms" },
  { key: "replyP99", label: "reply → committed p99", unit: "ms" },
  { key: "hookP99", label: "reply → webhook p99", unit: "ms" },
  { key: "probeP99", label: "event-loop delay (probe) p99", unit: "ms" },
  { key: "probeMax", label: "event-loop delay (probe) max", unit: "ms" },
  { key: "loginsPerS", label: "logins", unit: "/s" },
];

/** Times a GET every PROBE_MS until stopped: how long a request waits for the loop. */
function probe(url: string): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      times.push(performance.now() - t);
      await Bun.sleep(PROBE_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}

export const soak: Scenario = {
  name: "soak",
  title: "6. Soak: messages, replies, webhooks and logins at about half of saturation",
  onlyByName: true,
  metrics: [
    ...FIELDS.flatMap((f) => [
      {
        key: `${f.key}First`,
        label: `${f.label}, first minute`,
        unit: f.unit,
        better: "lower" as const,
      },
      {
        key: `${f.key}Last`,
        label: `${f.label}, last minute`,
        unit: f.unit,
        better: "lower" as const,
      },
    ]),
    {
      key: "pending",
      label: "webhooks still pending at the end",
      unit: "",
      better: "lower",
      plain: true,
    },
  ],
  async run(name, opts) {
    const minutes = opts.minutes ?? 10;
    const agents = opts.quick ? 100 : 200;
    const r = await rig(name, opts, { bots: 1, swarms: 3, webhook: true });
    const receiver = r.receiver;
    const [replyA, replyB, logins] = r.swarms;
    if (!receiver || !replyA || !replyB || !logins) throw new Error("rig incomplete");
    const repliers = [replyA, replyB];
    try {
      const tokens = await makeAgents(r, agents, 5);
      const churners = await makeAgents(r, 20, 5);
      await Promise.all(
        repliers.map((s, i) =>
          s.call("connect", {
            url: r.target.wsUrl,
            tokens: tokens.filter((_, j) => j % 2 === i),
            autoConnect: true,
            concurrency: 32,
          }),
        ),
      );
      const users = usersNamed(agents * 2);
      const target = { url: r.target.url, key: r.target.keys[0] as string };
      await r.poster.call("greet", { ...target, users, concurrency: 8 });
      const assigned = await until(async () => (await samples(r)).pushes >= users.length, 10_000);
      if (!assigned) throw new Error("not every user was given an agent");
      const sat = await r.poster.call("closed", {
        ...target,
        users,
        concurrency: 32,
        durationMs: 3000,
      });
      // A quarter of the messages' own saturation: with the replies, their webhooks and the
      // logins beside them the whole mix keeps the server about half busy (its CPU is shown).
      const rate = sat.perS / 4;
      await Bun.sleep(2000);
      await receiver.call("reset", null);

      const perMinute: Minute[] = [];
      let acked = 0;
      for (let m = 0; m < minutes; m++) {
        await resetSwarms(r);
        const hookBefore = (await receiver.call("samples", null)).latencies.length;
        const cpu0 = cpuSeconds(r.target.pid);
        const p = probe(r.target.url);
        const [sent, a, b, churn] = await Promise.all([
          r.poster.call("open", { ...target, users, rate, durationMs: MINUTE_MS }),
          replyA.call("reply", { durationMs: MINUTE_MS, hz: 1 }),
          replyB.call("reply", { durationMs: MINUTE_MS, hz: 1 }),
          logins.call("churn", {
            url: r.target.wsUrl,
            tokens: churners,
            parallel: 4,
            perS: LOGINS_PER_S,
            durationMs: MINUTE_MS,
          }),
        ]);
        const probes = await p.stop();
        const cpu = cpuSeconds(r.target.pid) - cpu0;
        if (sent.errors > 0 || a.errors > 0 || b.errors > 0) {
          throw new Error(
            `minute ${m + 1}: errors ${sent.errors}/${a.errors}/${b.errors} ${a.firstError}`,
          );
        }
        const acks = [...a.acks, ...b.acks];
        acked += acks.length;
        const hook = await receiver.call("samples", null);
        perMinute.push({
          rssMiB: rssBytes(r.target.pid) / 2 ** 20,
          cpuPct: (cpu * 100_000) / MINUTE_MS,
          msgP99: percentile((await samples(r)).latencies, 99),
          replyP99: percentile(acks, 99),
          hookP99: percentile(hook.latencies.slice(hookBefore), 99),
          probeP99: percentile(probes, 99),
          probeMax: Math.max(...probes),
          loginsPerS: (churn.logins * 1000) / MINUTE_MS,
        });
        console.log(`soak ${name} minute ${m + 1}: ${JSON.stringify(perMinute.at(-1))}`);
      }
      await until(
        async () => (await receiver.call("samples", null)).latencies.length >= acked,
        30_000,
      );
      const delivered = (await receiver.call("samples", null)).latencies.length;
      const first = perMinute[0] as Minute;
      const last = perMinute.at(-1) as Minute;
      const figures: Figures = { pending: Math.max(0, acked - delivered) };
      for (const f of FIELDS) {
        figures[`${f.key}First`] = first[f.key];
        figures[`${f.key}Last`] = last[f.key];
      }
      return figures;
    } finally {
      await r.stop();
    }
  },
};
