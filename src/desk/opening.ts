// When business hours open (issue 18), or an operator changes them, the users who left a
// message while the desk was closed go to the agents already online with room, as a login
// or a freed seat would give them; without this they would wait for the next such moment.
// Checked every few seconds, only for bots with hours (the bot's or a group's) and users
// waiting; a fill that finds nothing it may take changes nothing.
import type { Stores } from "../store/stores";
import { isOpen } from "./hours";
import type { Presence } from "./presence";
import type { Sweep } from "./scheduler";

export const OPENING = "business_hours_open";
const EVERY_MS = 5_000;

export function openingSweep(
  stores: Stores,
  presence: Presence,
  desk: { fill(agentId: number): Promise<void> },
): Sweep {
  let checkedAt = 0;
  return {
    name: OPENING,
    async run(now) {
      if (now - checkedAt < EVERY_MS) return;
      checkedAt = now;
      for (const bot of await stores.identity.listBots()) {
        const botHours = (await stores.policy.get(bot.id))?.policy.hours;
        const schedules = [
          ...(botHours ? [botHours] : []),
          ...(await stores.groups.listGroups(bot.id)).flatMap((g) => (g.hours ? [g.hours] : [])),
        ];
        if (!schedules.some((h) => isOpen(h, now))) continue;
        if ((await stores.sessions.queue(bot.id)).length === 0) continue;
        for (const agentId of await presence.candidates(bot.id)) await desk.fill(agentId);
      }
    },
  };
}
