// kefu's runtime log: one line per event on standard error, as text for people or as JSON
// for a log pipeline (KEFU_LOG_FORMAT), from a threshold up (KEFU_LOG_LEVEL). A writer of a
// few lines rather than a library: pino's transports run in worker threads loaded by file
// path, which `bun build --compile` does not bundle, and kefu needs nothing beyond this.
//
// Callers pass only fields safe to keep: ids, routes, codes, timings. Never a token, an api
// key, a message's text or a note; errors are reduced to their message and stack.
export const LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LEVELS)[number];
export type LogFormat = "text" | "json";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogOptions {
  format: LogFormat;
  level: LogLevel;
  /** Where finished lines go; standard error unless a test collects them. */
  write?: (line: string) => void;
}

const toStderr = (line: string) => {
  process.stderr.write(`${line}\n`);
};

let current: Required<LogOptions> = { format: "text", level: "info", write: toStderr };

/** Sets the process's log format and level (the server does, from its config). */
export function configureLog(options: LogOptions): void {
  current = { write: toStderr, ...options };
}

/** An error as fields: its message and stack, never the objects it carries. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.message, stack: err.stack };
  return { error: String(err) };
}

// A text value with a space, quote or equals sign is quoted, so a line splits back into fields.
const textValue = (v: string | number | boolean | null) =>
  typeof v === "string" && (v === "" || /[\s"=\\]/.test(v)) ? JSON.stringify(v) : String(v);

function format(level: LogLevel, msg: string, fields: LogFields): string {
  const time = new Date().toISOString();
  const defined = Object.entries(fields).filter(
    (e): e is [string, string | number | boolean | null] => e[1] !== undefined,
  );
  if (current.format === "json") {
    return JSON.stringify({ time, level, msg, ...Object.fromEntries(defined) });
  }
  // The stack goes last, on its own lines: readable in a terminal, and only in text.
  const stack = defined.find(([k]) => k === "stack")?.[1];
  const pairs = defined.filter(([k]) => k !== "stack").map(([k, v]) => `${k}=${textValue(v)}`);
  const line = [time, level.toUpperCase().padEnd(5), msg, ...pairs].join(" ");
  return typeof stack === "string" ? `${line}\n${stack}` : line;
}

function emit(level: LogLevel, msg: string, fields: LogFields): void {
  if (LEVELS.indexOf(level) < LEVELS.indexOf(current.level)) return;
  current.write(format(level, msg, fields));
}

export const log = {
  debug: (msg: string, fields: LogFields = {}) => emit("debug", msg, fields),
  info: (msg: string, fields: LogFields = {}) => emit("info", msg, fields),
  warn: (msg: string, fields: LogFields = {}) => emit("warn", msg, fields),
  error: (msg: string, fields: LogFields = {}) => emit("error", msg, fields),
};
