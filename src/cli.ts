#!/usr/bin/env bun
// kefu's command line (CONTRACT.md, "Command line"), the entry point of the executable.
// `serve` is the default command. Each command lives in src/cli/; the usage table
// (src/cli/usage.ts) says which commands, subcommands and flags exist, and this file
// holds every one to it: a mistake is one line on standard error and exit code 2.
import { parseArgs } from "node:util";
import { OPTIONS, UsageError } from "./cli/args";
import { HANDLERS, type Handler, known } from "./cli/commands";
import {
  COMMANDS,
  helpOf,
  overview,
  type SubHelp,
  subcommandLines,
  subcommandNames,
} from "./cli/usage";
import { ConfigError } from "./config";
import { StartError } from "./start-error";
import { BackupError } from "./store/sqlite-backup";
import { VERSION } from "./version";

const COMMAND_NAMES = Object.keys(COMMANDS).join(", ");

/** `kefu help [COMMAND [SUBCOMMAND]]` names only things that exist. */
function checkHelpTopic([command, sub]: string[]): void {
  if (command === undefined) return;
  if (!known(command)) {
    throw new UsageError(`no help for ${command}: the commands are ${COMMAND_NAMES}`);
  }
  if (sub !== undefined && !known(command, sub)) {
    throw new UsageError(
      `no help for ${command} ${sub}: ${command} has ${subcommandNames(command)}`,
    );
  }
}

/** Flags the subcommand does not take are refused, rather than silently ignored. */
function checkFlags(command: string, sub: SubHelp, given: string[]): void {
  // CONTRACT.md: every command takes --db, even one (help) that has no use for it.
  const allowed = new Set(["help", "db", ...sub.flags.map((f) => f.flag)]);
  const stray = given.find((f) => !allowed.has(f));
  if (stray === undefined) return;
  const what = [command, sub.name].filter(Boolean).join(" ");
  throw new UsageError(`${what} does not take --${stray} (see kefu help ${what})`);
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, tokens: true });
  } catch (err) {
    if (
      err instanceof TypeError &&
      "code" in err &&
      String(err.code).startsWith("ERR_PARSE_ARGS")
    ) {
      // node's message runs on about quoting; the flag and where to look are what help.
      const flag = /'(-[^']*)'/.exec(err.message)?.[1];
      throw new UsageError(
        flag && String(err.code) === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
          ? `unknown option ${flag} (see kefu help)`
          : `${err.message.split(/\.\s/)[0]} (see kefu help)`,
      );
    }
    throw err;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parse(argv);
  if (values.version) {
    console.log(values.json ? JSON.stringify({ version: VERSION }) : VERSION);
    return 0;
  }
  const [command = values.help ? "help" : "serve", ...after] = positionals;
  const spec = COMMANDS[command];
  if (!spec)
    throw new UsageError(`unknown command: ${command} (the commands are ${COMMAND_NAMES})`);
  const bare = spec.subs.length === 1 && spec.subs[0]?.name === "";
  const action = bare ? "" : after[0];
  const rest = bare ? after : after.slice(1);
  if (action === undefined) {
    if (values.help) {
      console.log(helpOf(command));
      return 0;
    }
    console.error(
      `kefu: ${command} needs a subcommand: ${subcommandNames(command)}\n${subcommandLines(command)}`,
    );
    return 2;
  }
  const sub = spec.subs.find((s) => s.name === action);
  if (!sub) {
    throw new UsageError(
      `unknown command: ${command} ${action} (${command} has ${subcommandNames(command)})`,
    );
  }
  if (values.help) {
    console.log(command === "help" ? overview() : helpOf(command, bare ? undefined : action));
    return 0;
  }
  const given = tokens.flatMap((t) => (t.kind === "option" ? [t.name] : []));
  checkFlags(command, sub, given);
  if (command === "help") checkHelpTopic(rest);
  else if (sub.positional === undefined && rest.length > 0) {
    throw new UsageError(`unexpected argument "${rest[0]}" (see kefu help ${command})`);
  }
  // Every subcommand of the usage table has a handler (src/cli/usage.test.ts).
  const handler = HANDLERS[command]?.[action] as Handler;
  const code = await handler({ action: bare ? undefined : action, rest, values });
  return typeof code === "number" ? code : 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof UsageError ||
      err instanceof StartError ||
      err instanceof BackupError
    ) {
      console.error(`kefu: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (import.meta.main) {
  const code = await main(Bun.argv.slice(2));
  if (code !== 0) process.exit(code);
}
