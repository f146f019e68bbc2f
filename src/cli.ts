#!/usr/bin/env bun
// kefu's command line (CONTRACT.md, "Command line"). `serve` is the default command.
import { parseArgs } from "node:util";
import { z } from "zod";
import { kbCommand } from "./assistant/cli";
import { ConfigError, loadConfig } from "./config";
import { guardProcess } from "./process-guard";
import { startServer } from "./server";
import { openDb } from "./store/db";
import type { OpsStore } from "./store/ops-store";
import { createSqliteOpsStore } from "./store/sqlite-ops-store";
import { createSqliteStore } from "./store/sqlite-store";
import type { Group, Store } from "./store/store";

const USAGE = `kefu — a self-hosted customer-service desk

Usage:
  kefu [serve] [--port N] [--host H] [--db FILE]
  kefu bot create --name NAME [--webhook-url URL] [--json]
  kefu bot list [--json]
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

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  db: { type: "string" },
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

/** An operator's change, for the audit log. */
function byCli(ops: OpsStore, botId: number, action: string, target: string, now: number) {
  return ops.audit({ botId, actorType: "cli", actorId: null, action, target, now });
}

/** Prints a result: the one JSON object with --json, readable lines otherwise. */
function print(values: Values, result: Record<string, unknown>, human: string): void {
  console.log(values.json ? JSON.stringify(result) : human);
}

async function withStore<T>(
  values: Values,
  fn: (store: Store, ops: OpsStore) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ ...(values.db ? { db: values.db } : {}) });
  const database = openDb(config.db, config.sync);
  try {
    return await fn(createSqliteStore(database.db), createSqliteOpsStore(database.db));
  } finally {
    database.close();
  }
}

async function serve(values: Values): Promise<void> {
  const flags = Object.fromEntries(
    (["port", "host", "db"] as const)
      .filter((k) => values[k] !== undefined)
      .map((k) => [k, values[k]]),
  );
  const config = loadConfig(flags);
  guardProcess();
  const server = await startServer(config);
  console.log(`kefu listening on ${server.url} (port ${server.port}, database ${config.db})`);
  if (server.bootstrap) {
    const b = server.bootstrap;
    console.log(
      [
        "",
        "First start: created bot 1 and agent 1. These secrets are shown once; keep them.",
        `  bot ${b.bid} api key:     ${b.apiKey}`,
        `  agent ${b.customerId} token:     ${b.token}`,
        `  agents connect to:    ${server.url.replace(/^http/, "ws")}/ws`,
        `  console:              ${server.url}/`,
        "",
      ].join("\n"),
    );
  }
  let signals = 0;
  const shutdown = (signal: string) => {
    if (signals++ > 0) return;
    console.log(`kefu: ${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (err) => {
        console.error("kefu: stop failed:", err);
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
    const { bot: b, apiKey } = await withStore(values, async (s, ops) => {
      const now = Date.now();
      const made = await s.createBot({ name: botName, webhookUrl, now });
      await byCli(ops, made.bot.id, "bot_create", `bot:${made.bot.id}`, now);
      return made;
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
  throw new UsageError(`unknown command: bot ${action ?? ""}`.trim());
}

async function agent(action: string | undefined, values: Values): Promise<void> {
  if (action === "create") {
    const bid = need(values, "bid", positiveInt);
    const agentName = need(values, "name", name);
    const headImg = values["head-img"] ?? "";
    const maxSessions =
      values["max-sessions"] === undefined ? 5 : need(values, "max-sessions", positiveInt);
    const { agent: a, token } = await withStore(values, async (s, ops) => {
      if (!(await s.getBot(bid))) throw new UsageError(`no bot ${bid}`);
      const now = Date.now();
      const made = await s.createAgent({ botId: bid, name: agentName, headImg, maxSessions, now });
      await byCli(ops, bid, "agent_create", `agent:${made.agent.id}`, now);
      return made;
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
    const token = await withStore(values, async (s, ops) => {
      const now = Date.now();
      const made = await s.rotateToken(customerId, now);
      const owner = made ? await s.getAgent(customerId) : null;
      if (owner) await byCli(ops, owner.botId, "token_rotate", `agent:${customerId}`, now);
      return made;
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
    const agents = await withStore(values, (s) => s.listAgents(bid));
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
  throw new UsageError(`unknown command: agent ${action ?? ""}`.trim());
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
    const g = await withStore(values, async (s, ops) => {
      if (!(await s.getBot(bid))) throw new UsageError(`no bot ${bid}`);
      const now = Date.now();
      const made = await s.createGroup(bid, groupName, fallback, now);
      if (!made) throw new UsageError(`bot ${bid} already has a group named "${groupName}"`);
      await byCli(ops, bid, "group_create", `group:${made.id}`, now);
      return made;
    });
    print(values, show(g), line(g));
    return;
  }
  if (action === "list") {
    const bid = need(values, "bid", positiveInt);
    const groups = await withStore(values, (s) => s.listGroups(bid));
    print(values, { groups: groups.map(show) }, groups.map(line).join("\n") || "no groups");
    return;
  }
  if (action === "add" || action === "remove") {
    const groupId = need(values, "group-id", positiveInt);
    const customerId = need(values, "customer-id", positiveInt);
    const g = await withStore(values, async (s, ops) => {
      const before = await s.getGroup(groupId);
      if (!before) throw new UsageError(`no group ${groupId}`);
      if (!(await s.setGroupMember(groupId, customerId, action === "add"))) {
        throw new UsageError(`no agent ${customerId} in that group's bot`);
      }
      const what = action === "add" ? "group_add_agent" : "group_remove_agent";
      await byCli(ops, before.botId, what, `group:${groupId}`, Date.now());
      return (await s.getGroup(groupId)) as Group;
    });
    print(values, show(g), line(g));
    return;
  }
  throw new UsageError(`unknown command: group ${action ?? ""}`.trim());
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
    if (err instanceof ConfigError || err instanceof UsageError) {
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
