// Scenario 2: users' messages (POST /api/chat/user_message) for users in active sessions,
// spread over the agents. First the saturation rate (a fixed number of requests in
// flight), then the latency from POST to the agent's connect_list_push at a fixed share of
// that rate, sent on schedule.
import {
  connectAll,
  makeAgents,
  resetSwarms,
  rig,
  samples,
  until,
  usersNamed,
} from "../lib/harness";
import type { Scenario } from "../lib/scenario";
import { percentile } from "../lib/stats";

const LEVELS = [25, 50, 75] as const;

export const userMessages: Scenario = {
  name: "user-messages",
  title: "2. User messages to agents: POST user_message → connect_list_push",
  metrics: [
    { key: "satPerS", label: "throughput at saturation", unit: "msg/s", better: "higher" },
    ...LEVELS.flatMap((l) => [
      { key: `p50at${l}`, label: `latency p50 at ${l}%`, unit: "ms", better: "lower" as const },
      { key: `p99at${l}`, label: `latency p99 at ${l}%`, unit: "ms", better: "lower" as const },
    ]),
  ],
  async run(name, opts) {
    const agents = opts.quick ? 100 : 500;
    const windowMs = opts.quick ? 2000 : 5000;
    const r = await rig(name, opts, { bots: 1, swarms: 2 });
    try {
      const tokens = await makeAgents(r, agents, 5);
      await connectAll(r, tokens, true);
      const users = usersNamed(agents * 2);
      const target = { url: r.target.url, key: r.target.keys[0] as string };
      await r.poster.call("greet", { ...target, users, concurrency: 8 });
      const assigned = await until(async () => (await samples(r)).pushes >= users.length, 60_000);
      if (!assigned) throw new Error("not every user was given an agent");
      await r.poster.call("closed", { ...target, users, concurrency: 32, durationMs: 1000 });

      const sat = await r.poster.call("closed", {
        ...target,
        users,
        concurrency: 32,
        durationMs: windowMs,
      });
      if (sat.errors > 0) throw new Error(`${sat.errors} failed requests at saturation`);
      const figures: Record<string, number> = { satPerS: sat.perS };
      for (const level of LEVELS) {
        await resetSwarms(r);
        const rate = (sat.perS * level) / 100;
        const sent = await r.poster.call("open", { ...target, users, rate, durationMs: windowMs });
        await until(async () => (await samples(r)).latencies.length >= sent.sent, 5000);
        const { latencies } = await samples(r);
        if (latencies.length < sent.sent) {
          throw new Error(`${sent.sent - latencies.length} of ${sent.sent} pushes never arrived`);
        }
        figures[`p50at${level}`] = percentile(latencies, 50);
        figures[`p99at${level}`] = percentile(latencies, 99);
      }
      return figures;
    } finally {
      await r.stop();
    }
  },
};
