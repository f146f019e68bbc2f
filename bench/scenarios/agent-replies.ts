// Scenario 3: agents' replies (send_to_user), each agent to its user in turn. Measured to
// the reply that acknowledges the committed agent_message event, and to the webhook
// receiver (the send time travels in the message text): first as fast as each agent may
// (15 a second), then at half of the rate the program committed.
import { connectAll, makeAgents, rig, samples, until, usersNamed } from "../lib/harness";
import type { Scenario } from "../lib/scenario";
import { percentile } from "../lib/stats";

export const agentReplies: Scenario = {
  name: "agent-replies",
  title: "3. Agent replies: send_to_user → committed event, → webhook",
  metrics: [
    { key: "commitPerS", label: "committed replies", unit: "msg/s", better: "higher" },
    { key: "commitP50", label: "to commit p50", unit: "ms", better: "lower" },
    { key: "commitP99", label: "to commit p99", unit: "ms", better: "lower" },
    { key: "hookPerS", label: "webhook deliveries", unit: "msg/s", better: "higher" },
    { key: "hookP50", label: "to webhook p50", unit: "ms", better: "lower" },
    { key: "hookP99", label: "to webhook p99", unit: "ms", better: "lower" },
    { key: "commitP50at50", label: "to commit p50 at 50%", unit: "ms", better: "lower" },
    { key: "hookP50at50", label: "to webhook p50 at 50%", unit: "ms", better: "lower" },
    { key: "hookP99at50", label: "to webhook p99 at 50%", unit: "ms", better: "lower" },
  ],
  async run(name, opts) {
    const agents = opts.quick ? 100 : 500;
    const windowMs = opts.quick ? 2000 : 5000;
    const r = await rig(name, opts, { bots: 1, swarms: 2, webhook: true });
    const receiver = r.receiver;
    if (!receiver) throw new Error("no webhook receiver");
    try {
      const tokens = await makeAgents(r, agents, 5);
      await connectAll(r, tokens, true);
      const users = usersNamed(agents);
      const target = { url: r.target.url, key: r.target.keys[0] as string };
      await r.poster.call("greet", { ...target, users, concurrency: 8 });
      const assigned = await until(async () => (await samples(r)).pushes >= users.length, 60_000);
      if (!assigned) throw new Error("not every user was given an agent");
      // Let the session_connected webhooks of the setup go out first.
      await Bun.sleep(2000);

      /** Every agent replying at `hz` for the window; then until every webhook arrived. */
      const replies = async (hz: number) => {
        await receiver.call("reset", null);
        const started = performance.timeOrigin + performance.now();
        const results = await Promise.all(
          r.swarms.map((s) => s.call("reply", { durationMs: windowMs, hz })),
        );
        const acks = results.flatMap((x) => x.acks);
        const errors = results.reduce((n, x) => n + x.errors, 0);
        if (errors > 0)
          throw new Error(
            `${errors} replies failed: ${results.find((x) => x.firstError)?.firstError}`,
          );
        const delivered = await until(
          async () => (await receiver.call("samples", null)).latencies.length >= acks.length,
          opts.quick ? 30_000 : 90_000,
        );
        const hook = await receiver.call("samples", null);
        if (!delivered)
          throw new Error(`${hook.latencies.length} of ${acks.length} webhooks arrived`);
        return { acks, hook, started };
      };
      const full = await replies(15);
      const commitPerS = (full.acks.length * 1000) / windowMs;
      // Then at half of what this program committed: the latency of a desk that keeps up.
      const half = await replies(commitPerS / 2 / agents);
      return {
        commitPerS,
        commitP50: percentile(full.acks, 50),
        commitP99: percentile(full.acks, 99),
        hookPerS:
          (full.hook.latencies.length * 1000) / Math.max(windowMs, full.hook.lastAt - full.started),
        hookP50: percentile(full.hook.latencies, 50),
        hookP99: percentile(full.hook.latencies, 99),
        commitP50at50: percentile(half.acks, 50),
        hookP50at50: percentile(half.hook.latencies, 50),
        hookP99at50: percentile(half.hook.latencies, 99),
      };
    } finally {
      await r.stop();
    }
  },
};
