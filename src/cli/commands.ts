// Which function runs each command and subcommand of the usage table; "" is a command
// without subcommands. src/cli/usage.test.ts checks the two tables name the same ones.

import { agent } from "./agent";
import type { Invocation } from "./args";
import { backup, restore } from "./backup";
import { bot } from "./bot";
import { db } from "./db";
import { group } from "./group";
import { kbCommand } from "./kb";
import { policy } from "./policy";
import { serve } from "./serve";
import { COMMANDS, helpOf, overview } from "./usage";
import { user } from "./user";
import { webhook } from "./webhook";

/** Runs one subcommand; a number it resolves to is its exit code, anything else is 0. */
export type Handler = (inv: Invocation) => Promise<unknown>;

// The knowledge base's command line is kb.ts; this only adapts the parsed flags to it.
const kb: Handler = ({ action, rest, values }) =>
  kbCommand({
    action,
    file: rest[0],
    bid: values.bid,
    db: values.db,
    format: values.format,
    replace: values.replace,
    json: values.json,
  });

const help: Handler = async ({ rest }) => {
  const [command, sub] = rest;
  if (command === undefined) console.log(overview());
  else console.log(helpOf(command, sub));
};

export const HANDLERS: Record<string, Record<string, Handler>> = {
  serve: { "": serve },
  bot,
  agent,
  webhook,
  group,
  user,
  policy: { "": policy },
  kb: { import: kb, export: kb, list: kb },
  backup: { "": backup },
  restore: { "": restore },
  db,
  help: { "": help },
};

/** True when `command` is known and either has no subcommands or `sub` is one of them. */
export function known(command: string, sub?: string): boolean {
  const c = COMMANDS[command];
  if (!c) return false;
  return sub === undefined || c.subs.some((s) => s.name === sub);
}
