// Scenario 5: many users arrive at once at a bot whose agents take users automatically;
// the time from the first POST until every user has been given to an agent, and the most
// users any agent holds (never above its max_sessions).
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

const AGENTS = 50;
const USERS = 1000;
const MAX_SESSIONS = 20;

export const queueChurn: Scenario = {
  name: "queue-churn",
  title: `5. Queue churn: ${USERS} users at once, ${AGENTS} auto-connect agents (max ${MAX_SESSIONS} each)`,
  metrics: [
    { key: "allAssignedMs", label: "until all assigned", unit: "ms", better: "lower" },
    { key: "assigned", label: "users assigned", unit: "", better: "higher", plain: true },
    {
      key: "maxPerAgent",
      label: "most users on one agent",
      unit: "",
      better: "lower",
      plain: true,
    },
  ],
  async run(name, opts) {
    const r = await rig(name, opts, { bots: 1, swarms: 1 });
    try {
      const tokens = await makeAgents(r, AGENTS, MAX_SESSIONS);
      await connectAll(r, tokens, true);
      await resetSwarms(r);
      const target = { url: r.target.url, key: r.target.keys[0] as string };
      const users = usersNamed(USERS);
      const burst = await r.poster.call("greet", { ...target, users, concurrency: USERS });
      if (burst.errors > 0) throw new Error(`${burst.errors} user messages failed`);
      await until(async () => (await samples(r)).pushes >= USERS, 30_000);
      const s = await samples(r);
      const assigned = s.usersPerAgent.reduce((a, b) => a + b, 0);
      if (assigned < USERS) throw new Error(`only ${assigned} of ${USERS} users were assigned`);
      const maxPerAgent = Math.max(...s.usersPerAgent);
      if (maxPerAgent > MAX_SESSIONS) throw new Error(`an agent holds ${maxPerAgent} users`);
      return {
        allAssignedMs: s.lastPushAt - burst.started,
        assigned,
        maxPerAgent,
      };
    } finally {
      await r.stop();
    }
  },
};
