// Scenario 1: many agents logged in and answering heartbeats. Memory per connection is
// the server's RSS growth from before the first connection to the end of the idle window,
// divided by the connections; idle CPU is the server's CPU time over that window.
import { connectAll, makeAgents, rig, samples } from "../lib/harness";
import { cpuSeconds, rssBytes } from "../lib/proc-stats";
import type { Scenario } from "../lib/scenario";

export const connections: Scenario = {
  name: "connections",
  title: "1. Connections: agents logged in, idle, answering heartbeats",
  metrics: [
    { key: "conns", label: "connections held", unit: "", better: "higher", plain: true },
    { key: "kibPerConn", label: "RSS growth per connection", unit: "KiB", better: "lower" },
    { key: "idleCpu", label: "CPU while idle", unit: "% of a core", better: "lower" },
    { key: "loginPerS", label: "logins", unit: "/s", better: "higher" },
  ],
  async run(name, opts) {
    // Agents spread over bots as tenants would be; one bot of 10,000 would spend the run on
    // login_push to every colleague.
    const bots = opts.quick ? 10 : 50;
    const perBot = opts.quick ? 100 : 200;
    const idleMs = opts.quick ? 10_000 : 20_000;
    const r = await rig(name, opts, { bots, swarms: 4 });
    try {
      const tokens = await makeAgents(r, perBot, 5);
      await Bun.sleep(1000);
      const rss0 = rssBytes(r.target.pid);
      const t0 = performance.now();
      const conns = await connectAll(r, tokens, false);
      const loginPerS = (conns * 1000) / (performance.now() - t0);
      await Bun.sleep(3000);
      const cpu0 = cpuSeconds(r.target.pid);
      await Bun.sleep(idleMs);
      const idleCpu = ((cpuSeconds(r.target.pid) - cpu0) * 100_000) / idleMs;
      const rss1 = rssBytes(r.target.pid);
      const s = await samples(r);
      return {
        conns: conns - s.closed,
        kibPerConn: (rss1 - rss0) / conns / 1024,
        idleCpu,
        loginPerS,
      };
    } finally {
      await r.stop();
    }
  },
};
