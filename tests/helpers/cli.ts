// Runs kefu's command line as a separate process, as an operator would.
import { join } from "node:path";

export const CLI = join(import.meta.dir, "../../src/cli.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function kefu(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliResult> {
  const proc = Bun.spawn([process.execPath, CLI, ...args], {
    env: { ...process.env, ...env },
    ...(cwd ? { cwd } : {}),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** Reads a stream to its end in the background, so the process never blocks on a full pipe. */
function drain(stream: ReadableStream<Uint8Array>, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  return (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onText(decoder.decode(value, { stream: true }));
    }
  })();
}

/**
 * `kefu serve` in its own process; resolves once it prints the port it listens on. Both
 * streams are read all along: `output` is standard output (the banner), `log` standard error.
 */
export async function spawnServe(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, CLI, "serve", ...args], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  let log = "";
  const { promise: up, resolve } = Promise.withResolvers<void>();
  const stdoutDone = drain(proc.stdout, (text) => {
    out += text;
    if (/\(port \d+/.test(out)) resolve();
  });
  const stderrDone = drain(proc.stderr, (text) => {
    log += text;
  });
  const ended = Promise.all([stdoutDone, stderrDone]).then(() => "ended" as const);
  if ((await Promise.race([up.then(() => "up" as const), ended])) === "ended") {
    throw new Error(`kefu serve exited early: ${out}${log}`);
  }
  // Give the rest of the first-start banner a moment to arrive with it.
  await Bun.sleep(100);
  const port = Number(/\(port (\d+)/.exec(out)?.[1]);
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    get output() {
      return out;
    },
    get log() {
      return log;
    },
  };
}
