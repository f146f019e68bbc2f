// FileStore's contract on every engine: a file's row comes back as written, and only to
// its own bot.
import { expect, test } from "bun:test";
import type { Stores } from "../../src/store/stores";

export function fileConformance(stores: () => Stores, bot: () => number): void {
  test("a file's row comes back as written, to its own bot only", async () => {
    const s = stores();
    const f = {
      id: `f${Math.random().toString(36).slice(2)}`,
      botId: bot(),
      agentId: null,
      name: "a.png",
      mime: "image/png",
      size: 3_000_000_000,
      secret: "s",
      createdAt: 1_700_000_000_000,
    };
    await s.files.add(f);
    expect(await s.files.byId(bot(), f.id)).toEqual(f);
    expect(await s.files.byId(null, f.id)).toEqual(f);
    expect(await s.files.byId(bot() + 1, f.id)).toBeNull();
    expect(await s.files.byId(bot(), "missing")).toBeNull();
  });
}
