// Scenario 7: how long each program takes, started in an empty folder with no database,
// until it names its port (kefu: migrated, bot 1 and agent 1 created, listening). With
// KEFU_BIN set (`bun run build` writes dist/kefu), kefu is that executable instead of
// `bun src/cli.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Scenario } from "../lib/scenario";
import { median } from "../lib/stats";
import { ROOT, startTarget } from "../lib/targets";

const STARTS = 5;

/** Milliseconds from spawning kefu in a new empty folder until it prints its port. */
async function kefuStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "kefu-bench-start-"));
  // Resolved here: the process starts in the empty folder, where dist/kefu is not.
  const bin = process.env.KEFU_BIN;
  const cmd = bin ? [resolve(bin)] : [process.execPath, join(ROOT, "src", "cli.ts")];
  const t = performance.now();
  const proc = Bun.spawn([...cmd, "serve", "--port", "0", "--host", "127.0.0.1"], {
    cwd: dir,
    env: { ...process.env, KEFU_LOG_LEVEL: "warn" },
    stdout: "pipe",
    stderr: "inherit",
  });
  try {
    const reader = proc.stdout.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!/port \d+/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`kefu exited before listening: ${seen}`);
      seen += decoder.decode(value, { stream: true });
    }
    return performance.now() - t;
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

export const startUp: Scenario = {
  name: "start-up",
  title: "7. Start-up: from spawn in an empty folder to listening",
  metrics: [{ key: "listeningMs", label: "until listening, median", unit: "ms", better: "lower" }],
  async run(name) {
    const times: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      if (name === "kefu") times.push(await kefuStart());
      else {
        const t = performance.now();
        const running = await startTarget(name, { bots: 1 });
        times.push(performance.now() - t);
        await running.stop();
      }
    }
    return { listeningMs: median(times) };
  },
};
