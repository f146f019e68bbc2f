// Scenario 4: POST /api/chat/send_to_group to every logged-in connection of one bot; the
// time from the POST to the last connection receiving it.
import { connectAll, makeAgents, resetSwarms, rig, samples } from "../lib/harness";
import type { Scenario } from "../lib/scenario";
import { percentile } from "../lib/stats";

export const fanOut: Scenario = {
  name: "fan-out",
  title: "4. Fan-out: send_to_group to every connection of a bot",
  metrics: [
    { key: "conns", label: "connections", unit: "", better: "higher", plain: true },
    { key: "lastP50", label: "to the last delivery p50", unit: "ms", better: "lower" },
    { key: "lastMax", label: "to the last delivery max", unit: "ms", better: "lower" },
  ],
  async run(name, opts) {
    const agents = opts.quick ? 500 : 2000;
    const count = opts.quick ? 10 : 20;
    const r = await rig(name, opts, { bots: 1, swarms: 2 });
    try {
      const tokens = await makeAgents(r, agents, 5);
      const conns = await connectAll(r, tokens, false);
      await Bun.sleep(2000);
      await resetSwarms(r);
      const target = { url: r.target.url, key: r.target.keys[0] as string };
      const sent = await r.poster.call("group", { ...target, count, gapMs: 250 });
      if (sent.errors > 0) throw new Error(`${sent.errors} send_to_group calls failed`);
      await Bun.sleep(1000);
      const bySeq = new Map<number, { t: number; n: number; last: number }>();
      for (const g of (await samples(r)).groups) {
        const m = bySeq.get(g.seq) ?? { t: g.t, n: 0, last: 0 };
        m.n += g.n;
        m.last = Math.max(m.last, g.last);
        bySeq.set(g.seq, m);
      }
      const short = [...bySeq.values()].filter((m) => m.n !== conns).length;
      if (bySeq.size !== count || short > 0) {
        throw new Error(`${short + count - bySeq.size} of ${count} group sends missed connections`);
      }
      const lasts = [...bySeq.values()].map((m) => m.last - m.t);
      return { conns, lastP50: percentile(lasts, 50), lastMax: Math.max(...lasts) };
    } finally {
      await r.stop();
    }
  },
};
