// LabelStore's contract on every engine: each bot's lists, a session's tags replaced as a
// whole, its close reason, and the counts of sessions ended in a range.
import { expect, test } from "bun:test";
import type { Stores } from "../../src/store/stores";

export function labelConformance(stores: () => Stores, bot: () => number): void {
  test("lists per bot; tags replaced as a whole; counts of sessions ended in the range", async () => {
    const s = stores();
    const botId = bot();
    expect(await s.labels.add(botId, "tag", "billing", 1)).toBe(true);
    expect(await s.labels.add(botId, "tag", "billing", 1)).toBe(false);
    expect(await s.labels.add(botId, "tag", "bug", 1)).toBe(true);
    expect(await s.labels.add(botId, "reason", "solved", 1)).toBe(true);
    expect(await s.labels.list(botId, "tag")).toEqual(["billing", "bug"]);
    expect(await s.labels.list(botId + 1000, "tag")).toEqual([]);
    expect(await s.labels.remove(botId, "tag", "bug")).toBe(true);
    expect(await s.labels.remove(botId, "tag", "bug")).toBe(false);

    await s.identity.ensureUser(botId, "lab", 1);
    const w = await s.sessions.openWaiting(botId, "lab", null, 1000);
    await s.labels.setTags(botId, w.id, ["bug", "billing"]);
    await s.labels.setTags(botId, w.id, ["billing"]);
    await s.labels.setReason(botId, w.id, "solved");
    expect(await s.labels.ofSession(w.id)).toEqual({ tags: ["billing"], reason: "solved" });
    expect(await s.labels.counts(botId, 0, 10_000)).toEqual({ tags: [], reasons: [] });
    await s.sessions.end(w, "agent_ended", 5000);
    expect(await s.labels.counts(botId, 0, 10_000)).toEqual({
      tags: [{ name: "billing", count: 1 }],
      reasons: [{ name: "solved", count: 1 }],
    });
    expect(await s.labels.counts(botId, 5001, 10_000)).toEqual({ tags: [], reasons: [] });
  });
}
