// What every command shares: the flags parseArgs knows, their checks, the error that exits
// 2 with one line, printing a result, and opening the database for one command.
import type { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../config";
import type { AuditInput } from "../model/operations";
import { openStores } from "../open-stores";
import { isPostgresUrl } from "../store/engine";
import type { Stores } from "../store/stores";

/** A mistake in the command line: `kefu: <message>` on standard error, exit code 2. */
export class UsageError extends Error {}

export const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  db: { type: "string" },
  bus: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  name: { type: "string" },
  "webhook-url": { type: "string" },
  "no-webhook": { type: "boolean", default: false },
  "enable-webhook": { type: "boolean", default: false },
  "keep-old-s": { type: "string" },
  bid: { type: "string" },
  "head-img": { type: "string" },
  "max-sessions": { type: "string" },
  "customer-id": { type: "string" },
  role: { type: "string" },
  login: { type: "string" },
  "group-id": { type: "string" },
  "fallback-s": { type: "string" },
  uid: { type: "string" },
  "retention-days": { type: "string" },
  "returning-window-s": { type: "string" },
  "priority-aging-s": { type: "string" },
  hours: { type: "string" },
  format: { type: "string" },
  replace: { type: "boolean", default: false },
  force: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const;

export type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>["values"];

/** What a command is given: its subcommand, the words after it, and the flags. */
export interface Invocation {
  action: string | undefined;
  /** Positional words after the command (and its subcommand, for those that have one). */
  rest: string[];
  values: Values;
}

export function need<T extends z.ZodType>(
  values: Values,
  flag: keyof Values,
  schema: T,
): z.output<T> {
  const parsed = schema.safeParse(values[flag]);
  if (!parsed.success) {
    const got = values[flag];
    throw new UsageError(
      got === undefined
        ? `--${flag} is required`
        : `--${flag}: ${parsed.error.issues[0]?.message ?? "invalid"} (got ${JSON.stringify(got)})`,
    );
  }
  return parsed.data;
}

export const positiveInt = z
  .string()
  .regex(/^[1-9]\d*$/, "expected a positive whole number")
  .transform(Number);
export const seconds = z
  .string()
  .regex(/^\d+$/, "expected a whole number of seconds")
  .transform(Number);
export const name = z.string().trim().min(1, "must not be empty").max(64);
export const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/** Fails with "no bot N", as every command naming a bot that does not exist. */
export async function needBot(store: Stores, bid: number): Promise<void> {
  if (!(await store.identity.getBot(bid))) throw new UsageError(`no bot ${bid}`);
}

/** The audit entry of an operator's change, committed with it. */
export function byCli(botId: number, action: string, target: string, now: number): AuditInput {
  return { botId, actorType: "cli", actorId: null, action, target, now };
}

/** Prints a result: the one JSON object with --json, readable lines otherwise. */
export function print(values: Values, result: Record<string, unknown>, human: string): void {
  console.log(values.json ? JSON.stringify(result) : human);
}

/** The SQLite file a command works on: --db, else KEFU_DB, else the default. */
export function dbFile(values: Values): string {
  const db = loadConfig(values.db ? { db: values.db } : {}).db;
  // Backups of a PostgreSQL desk are the server's own (pg_dump), not a file copy.
  if (isPostgresUrl(db))
    throw new UsageError(
      "backup and restore work on a SQLite file; for PostgreSQL use pg_dump and pg_restore",
    );
  return db;
}

/** The settings a command runs with: the environment's, the database from --db. */
export const commandConfig = (values: Values) => loadConfig(values.db ? { db: values.db } : {});

export async function withStore<T>(values: Values, fn: (store: Stores) => Promise<T>): Promise<T> {
  const config = commandConfig(values);
  const database = await openStores(config);
  try {
    return await fn(database.stores);
  } finally {
    await database.close();
  }
}
