#!/usr/bin/env bun
// kefu's command line (CONTRACT.md, "Command line"). `serve` is the default command.
import { parseArgs } from "node:util";
import { z } from "zod";
import { kbCommand } from "./assistant/cli";
import { ConfigError, loadConfig } from "./config";
import { errorFields, log } from "./log";
import { guardProcess } from "./process-guard";
import { type RunningServer, startServer } from "./server";
import { StartError } from "./start-error";
import { openDb } from "./store/db";
import type { AuditInput } from "./store/ops-store";
import { createSqliteStore } from "./store/sqlite-store";
import type { Group, Store } from "./store/store";
import { VERSION } from "./version";

const USAGE = `kefu — a self-hosted customer-service desk

Usage:
  kefu [serve] [--port N] [--host H] [--db FILE]
  kefu --version
  kefu bot create --name NAME [--webhook-url URL] [--json]
  kefu bot list [--json]
  kefu bot key --bid N [--json]   (a new api key; the old one stops working)
  kefu agent create --bid N --name NAME [--head-img URL] [--max-sessions N] [--json]
  kefu agent token --customer-id N [--json]
  kefu agent list --bid N [--json]
  kefu group create --bid N --name NAME [--fallback-s N] [--json]
  kefu group list --bid N [--json]
  kefu group add|remove --group-id G --customer-id N [--json]
  kefu kb import --bid N FILE [--format jsonl|csv] [--replace] [--json]   (FILE - = stdin)
  kefu kb export --bid N [--json]
  kefu kb list --bid N [--json]

Every command takes --db FILE (default: $KEFU_DB or ./data/kefu.db).`;

class UsageError extends Error {}

/** The usage lines of one command, for `kefu bot` and the like given no subcommand. */
function usageOf(command: string): string {
  const lines = USAGE.split("\n").filter((l) => l.startsWith(`  kefu ${command} `));
  return `usage:\n${lines.join("\n")}`;
}

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  db: { type: "string" },
  bus: { type: "string" },
  name: { type: "string" },
  "webhook-url": { type: "string" },
  bid: { type: "string" },
  "head-img": { type: "string" },
  "max-sessions": { type: "string" },
  "customer-id": { type: "string" },
  "group-id": { type: "string" },
  "fallback-s": { type: "string" },
  format: { type: "string" },
  replace: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>["values"];

function need<T extends z.ZodType>(values: Values, flag: keyof Values, schema: T): z.output<T> {
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

const positiveInt = z
  .string()
  .regex(/^[1-9]\d*$/, "expected a positive whole number")
  .transform(Number);
const seconds = z.string().regex(/^\d+$/, "expected a whole number of seconds").transform(Number);
const name = z.string().trim().min(1, "must not be empty").max(64);
const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/** `kefu bot` alone prints the bot commands; `kefu bot frob` says what is unknown too. */
function unknown(command: string, action: string | undefined): UsageError {
  return new UsageError(
    action === undefined
      ? usageOf(command)
      : `unknown command: ${command} ${action}\n${usageOf(command)}`,
  );
}

/** Fails with "no bot N", as every command naming a bot that does not exist. */
async function needBot(store: Store, bid: number): Promise<void> {
  if (!(await store.getBot(bid))) throw new UsageError(`no bot ${bid}`);
}

/** The audit entry of an operator's change, committed with it. */
function byCli(botId: number, action: string, target: string, now: number): AuditInput {
  return { botId, actorType: "cli", actorId: null, action, target, now };
}

/** Prints a result: the one JSON object with --json, readable lines otherwise. */
function print(values: Values, result: Record<string, unknown>, human: string): void {
  console.log(values.json ? JSON.stringify(result) : human);
}

async function withStore<T>(values: Values, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...(values.db ? { db: values.db } : {}) });
  const database = openDb(config.db, config.sync);
  try {
    return await fn(createSqliteStore(database.db));
  } finally {
    database.close();
  }
}

async function serve(values: Values): Promise<void> {
  const flags = Object.fromEntries(
    (["port", "host", "db", "bus"] as const)
      .filter((k) => values[k] !== undefined)
      .map((k) => [k, values[k]]),
  );
  const config = loadConfig(flags);
  // The guard names what happened as "kefu: unhandled rejection:"; the log line wants "unhandled rejection".
  guardProcess((what, err) => log.error(String(what).replace(/^kefu: |:$/g, ""), errorFields(err)));
  const server = await startServer(config).catch((err: unknown) => {
    if (err instanceof StartError) throw err;
    throw new StartError(`cannot start: ${err instanceof Error ? err.message : err}`);
  });
  // Before the banner: whoever sees it may stop kefu at once, and gets a clean stop.
  stopOnSignals(server);
  console.log(
    `kefu ${VERSION} listening on ${server.listening} (port ${server.port}, database ${config.db})\n` +
      `  console: ${server.url}/`,
  );
  if (server.bootstrap) {
    const b = server.bootstrap;
    console.log(
      [
        "",
        "First start: created bot 1 and agent 1. These secrets are shown once; keep them.",
        `  bot ${b.bid} api key:     ${b.apiKey}`,
        `  agent ${b.customerId} token:     ${b.token}`,
        `  agents connect to:    ${server.url.replace(/^http/, "ws")}/ws`,
        "",
      ].join("\n"),
    );
  }
}

function stopOnSignals(server: RunningServer): void {
  let signals = 0;
  const shutdown = (signal: string) => {
    if (signals++ > 0) return;
    console.log(`kefu: ${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (err) => {
        log.error("stop failed", errorFields(err));
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

async function bot(action: string | undefined, values: Values): Promise<void> {
  if (action === "create") {
    const botName = need(values, "name", name);
    const webhookUrl =
      values["webhook-url"] === undefined ? null : need(values, "webhook-url", url);
    const { bot: b, apiKey } = await withStore(values, async (s) => {
      const now = Date.now();
      return s.createBot({ name: botName, webhookUrl, now }, (b) =>
        byCli(b.id, "bot_create", `bot:${b.id}`, now),
      );
    });
    print(
      values,
      {
        bid: b.id,
        name: b.name,
        api_key: apiKey,
        webhook_url: b.webhookUrl,
        webhook_secret: b.webhookSecret,
      },
      `bot ${b.id} "${b.name}"\n  api key (shown once): ${apiKey}\n  webhook secret:       ${b.webhookSecret}`,
    );
    return;
  }
  if (action === "list") {
    const bots = await withStore(values, (s) => s.listBots());
    print(
      values,
      { bots: bots.map((b) => ({ bid: b.id, name: b.name, webhook_url: b.webhookUrl })) },
      bots.map((b) => `${b.id}\t${b.name}\t${b.webhookUrl ?? "-"}`).join("\n") || "no bots",
    );
    return;
  }
  if (action === "key") {
    const bid = need(values, "bid", positiveInt);
    const apiKey = await withStore(values, async (s) => {
      const made = await s.rotateApiKey(
        bid,
        byCli(bid, "api_key_rotate", `bot:${bid}`, Date.now()),
      );
      if (!made) throw new UsageError(`no bot ${bid}`);
      return made;
    });
    print(values, { bid, api_key: apiKey }, `bot ${bid}\n  new api key (shown once): ${apiKey}`);
    return;
  }
  throw unknown("bot", action);
}

async function agent(action: string | undefined, values: Values): Promise<void> {
  if (action === "create") {
    const bid = need(values, "bid", positiveInt);
    const agentName = need(values, "name", name);
    const headImg = values["head-img"] ?? "";
    const maxSessions =
      values["max-sessions"] === undefined ? 5 : need(values, "max-sessions", positiveInt);
    const { agent: a, token } = await withStore(values, async (s) => {
      await needBot(s, bid);
      const now = Date.now();
      return s.createAgent({ botId: bid, name: agentName, headImg, maxSessions, now }, (a) =>
        byCli(bid, "agent_create", `agent:${a.id}`, now),
      );
    });
    print(
      values,
      { customer_id: a.id, bid: a.botId, customer_name: a.name, token },
      `agent ${a.id} "${a.name}" of bot ${a.botId}\n  token (shown once): ${token}`,
    );
    return;
  }
  if (action === "token") {
    const customerId = need(values, "customer-id", positiveInt);
    const token = await withStore(values, async (s) => {
      const owner = await s.getAgent(customerId);
      if (!owner) return null;
      const now = Date.now();
      return s.rotateToken(
        customerId,
        now,
        byCli(owner.botId, "token_rotate", `agent:${customerId}`, now),
      );
    });
    if (!token) throw new UsageError(`no agent ${customerId}`);
    print(
      values,
      { customer_id: customerId, token },
      `agent ${customerId}\n  new token (shown once): ${token}`,
    );
    return;
  }
  if (action === "list") {
    const bid = need(values, "bid", positiveInt);
    const agents = await withStore(values, async (s) => {
      await needBot(s, bid);
      return s.listAgents(bid);
    });
    print(
      values,
      {
        agents: agents.map((a) => ({
          customer_id: a.id,
          customer_name: a.name,
          max_sessions: a.maxSessions,
        })),
      },
      agents.map((a) => `${a.id}\t${a.name}\tmax ${a.maxSessions}`).join("\n") || "no agents",
    );
    return;
  }
  throw unknown("agent", action);
}

async function group(action: string | undefined, values: Values): Promise<void> {
  const show = (g: Group) => ({
    group_id: g.id,
    bid: g.botId,
    name: g.name,
    fallback_after_s: g.fallbackAfterS,
    members: g.members,
  });
  const line = (g: Group) =>
    `group ${g.id} "${g.name}" of bot ${g.botId}, fallback after ${g.fallbackAfterS} s, agents: ${g.members.join(", ") || "none"}`;
  if (action === "create") {
    const bid = need(values, "bid", positiveInt);
    const groupName = need(values, "name", name);
    const fallback = values["fallback-s"] === undefined ? 60 : need(values, "fallback-s", seconds);
    const g = await withStore(values, async (s) => {
      await needBot(s, bid);
      const now = Date.now();
      const made = await s.createGroup(bid, groupName, fallback, now, (g) =>
        byCli(bid, "group_create", `group:${g.id}`, now),
      );
      if (!made) throw new UsageError(`bot ${bid} already has a group named "${groupName}"`);
      return made;
    });
    print(values, show(g), line(g));
    return;
  }
  if (action === "list") {
    const bid = need(values, "bid", positiveInt);
    const groups = await withStore(values, async (s) => {
      await needBot(s, bid);
      return s.listGroups(bid);
    });
    print(values, { groups: groups.map(show) }, groups.map(line).join("\n") || "no groups");
    return;
  }
  if (action === "add" || action === "remove") {
    const groupId = need(values, "group-id", positiveInt);
    const customerId = need(values, "customer-id", positiveInt);
    const g = await withStore(values, async (s) => {
      const before = await s.getGroup(groupId);
      if (!before) throw new UsageError(`no group ${groupId}`);
      const what = action === "add" ? "group_add_agent" : "group_remove_agent";
      const audit = byCli(before.botId, what, `group:${groupId}`, Date.now());
      if (!(await s.setGroupMember(groupId, customerId, action === "add", audit))) {
        throw new UsageError(`no agent ${customerId} in that group's bot`);
      }
      return (await s.getGroup(groupId)) as Group;
    });
    print(values, show(g), line(g));
    return;
  }
  throw unknown("group", action);
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
    });
    const [command = "serve", action] = positionals;
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.version) {
      console.log(values.json ? JSON.stringify({ version: VERSION }) : VERSION);
      return 0;
    }
    if (command === "serve") await serve(values);
    else if (command === "bot") await bot(action, values);
    else if (command === "agent") await agent(action, values);
    else if (command === "group") await group(action, values);
    else if (command === "kb") {
      const { bid, db, format, replace, json } = values;
      return await kbCommand({ action, file: positionals[2], bid, db, format, replace, json });
    } else throw new UsageError(`unknown command: ${command}`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof StartError) {
      console.error(`kefu: ${err.message}`);
      return 2;
    }
    if (
      err instanceof TypeError &&
      "code" in err &&
      String(err.code).startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`kefu: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

if (import.meta.main) {
  const code = await main(Bun.argv.slice(2));
  if (code !== 0) process.exit(code);
}
