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

/** `kefu serve` in its own process; resolves once it prints the port it listens on. */
export async function spawnServe(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, CLI, "serve", ...args], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = proc.stdout.getReader();
  let out = "";
  const decoder = new TextDecoder();
  while (!/\(port \d+/.test(out)) {
    const { value, done } = await reader.read();
    if (done)
      throw new Error(`kefu serve exited early: ${out}${await new Response(proc.stderr).text()}`);
    out += decoder.decode(value);
  }
  // Give the rest of the first-start banner a moment to arrive with it.
  const rest = reader.read().then(({ value }) => {
    out += value ? decoder.decode(value) : "";
  });
  await Promise.race([rest, Bun.sleep(100)]);
  const port = Number(/\(port (\d+)/.exec(out)?.[1]);
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    get output() {
      return out;
    },
  };
}
