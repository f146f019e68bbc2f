// What every scenario does around its measurement: start a target, the client processes
// and (if asked) a webhook receiver; make agents; connect them; stop everything after.
import { join } from "node:path";
import type { PosterApi } from "./poster";
import type { ReceiverApi } from "./receiver";
import { Child } from "./rpc";
import type { Samples, SwarmApi } from "./swarm";
import { type Running, startTarget, type TargetName } from "./targets";

export interface RunOptions {
  quick: boolean;
  cpuProfDir?: string;
  /** How long the soak lasts. */
  minutes?: number;
}

export interface Rig {
  target: Running;
  poster: Child<PosterApi>;
  swarms: Child<SwarmApi>[];
  receiver: Child<ReceiverApi> | null;
  stop(): Promise<void>;
}

export async function rig(
  name: TargetName,
  opts: RunOptions,
  p: { bots: number; swarms: number; webhook?: boolean },
): Promise<Rig> {
  const receiver = p.webhook ? new Child<ReceiverApi>(join(import.meta.dir, "receiver.ts")) : null;
  const webhookUrl = receiver ? await receiver.call("url", null) : undefined;
  const target = await startTarget(name, {
    bots: p.bots,
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(name === "kefu" && opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}),
  });
  const poster = new Child<PosterApi>(join(import.meta.dir, "poster.ts"));
  const swarms = Array.from(
    { length: p.swarms },
    () => new Child<SwarmApi>(join(import.meta.dir, "swarm.ts")),
  );
  return {
    target,
    poster,
    swarms,
    receiver,
    async stop() {
      await Promise.all(swarms.map((s) => s.stop()));
      await poster.stop();
      await target.stop();
      await receiver?.stop();
    },
  };
}

/** Makes `perBot` agents in each bot; returns their tokens. */
export async function makeAgents(r: Rig, perBot: number, maxSessions: number): Promise<string[]> {
  const tokens: string[] = [];
  for (const key of r.target.keys) {
    const made = await r.poster.call("createAgents", {
      url: r.target.url,
      key,
      n: perBot,
      maxSessions,
      concurrency: 16,
    });
    tokens.push(...made);
  }
  return tokens;
}

/** Logs every token in, spread over the swarm processes. */
export async function connectAll(r: Rig, tokens: string[], autoConnect: boolean): Promise<number> {
  const parts = r.swarms.map((_, i) => tokens.filter((_, j) => j % r.swarms.length === i));
  const results = await Promise.all(
    r.swarms.map((s, i) =>
      s.call("connect", {
        url: r.target.wsUrl,
        tokens: parts[i] ?? [],
        autoConnect,
        concurrency: 32,
      }),
    ),
  );
  const failed = results.reduce((n, x) => n + x.failed, 0);
  if (failed > 0)
    throw new Error(
      `${failed} agents could not log in: ${results.find((x) => x.firstError)?.firstError}`,
    );
  return results.reduce((n, x) => n + x.connected, 0);
}

export async function resetSwarms(r: Rig): Promise<void> {
  await Promise.all(r.swarms.map((s) => s.call("reset", null)));
}

/** Every swarm's samples, merged. */
export async function samples(r: Rig): Promise<Samples> {
  const all = await Promise.all(r.swarms.map((s) => s.call("samples", null)));
  return {
    latencies: all.flatMap((s) => s.latencies),
    pushes: all.reduce((n, s) => n + s.pushes, 0),
    lastPushAt: Math.max(...all.map((s) => s.lastPushAt)),
    usersPerAgent: all.flatMap((s) => s.usersPerAgent),
    groups: all.flatMap((s) => s.groups),
    closed: all.reduce((n, s) => n + s.closed, 0),
  };
}

/** Waits until `done` holds, checking every 50 ms; false after `timeoutMs`. */
export async function until(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await done()) return true;
    await Bun.sleep(50);
  }
  return false;
}

export const usersNamed = (n: number, prefix = "user") =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
