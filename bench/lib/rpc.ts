// Request and reply between the bench's processes over Bun's IPC channel: the parent
// calls a named command of a child process and awaits its result.
import type { Subprocess } from "bun";

// `never` accepts every command's own argument type; callers get the real one back via Parameters.
type Api = Record<string, (arg: never) => Promise<unknown>>;

interface Call {
  id: number;
  cmd: string;
  arg: unknown;
}

interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

/** The parent's handle on one child process serving `Api`. */
export class Child<A extends Api> {
  private next = 1;
  private readonly waiting = new Map<number, PromiseWithResolvers<unknown>>();
  private readonly proc: Subprocess;

  constructor(file: string, args: string[] = [], cmd: string[] = ["bun"]) {
    this.proc = Bun.spawn([...cmd, file, ...args], {
      stdio: ["ignore", "inherit", "inherit"],
      serialization: "json",
      ipc: (message: Answer) => {
        const w = this.waiting.get(message.id);
        if (!w) return;
        this.waiting.delete(message.id);
        if (message.error !== undefined) w.reject(new Error(message.error));
        else w.resolve(message.result);
      },
      onExit: (_p, code) => {
        for (const w of this.waiting.values()) w.reject(new Error(`${file} exited (${code})`));
        this.waiting.clear();
      },
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  call<K extends keyof A & string>(
    cmd: K,
    arg: Parameters<A[K]>[0],
  ): Promise<Awaited<ReturnType<A[K]>>> {
    const id = this.next++;
    const w = Promise.withResolvers<unknown>();
    this.waiting.set(id, w);
    this.proc.send({ id, cmd, arg } satisfies Call);
    return w.promise as Promise<Awaited<ReturnType<A[K]>>>;
  }

  async stop(): Promise<void> {
    this.proc.kill("SIGTERM");
    await this.proc.exited;
  }
}

/** In the child: answers the parent's calls with `api`. */
export function serve<A extends Api>(api: A): void {
  process.on("message", async (message: Call) => {
    const fn = api[message.cmd];
    try {
      if (!fn) throw new Error(`unknown command ${message.cmd}`);
      const result = await (fn as (arg: unknown) => Promise<unknown>)(message.arg);
      process.send?.({ id: message.id, result } satisfies Answer);
    } catch (err) {
      process.send?.({ id: message.id, error: String(err) } satisfies Answer);
    }
  });
}
