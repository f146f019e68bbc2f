// What `kefu help`, `kefu help COMMAND` and `--help` print, from one table of commands, their
// subcommands and flags: the usage lines, the defaults and the examples cannot drift apart,
// and the parser checks given flags against the same table.
export interface FlagHelp {
  flag: string;
  /** The value's placeholder; none for a switch. */
  arg?: string;
  required?: boolean;
  default?: string;
  about: string;
}

export interface SubHelp {
  /** "" for a command with no subcommand (serve, backup, restore). */
  name: string;
  /** A positional argument, e.g. "FILE". */
  positional?: string;
  about: string;
  flags: FlagHelp[];
  example: string;
}

export interface CommandHelp {
  about: string;
  subs: SubHelp[];
}

const DB: FlagHelp = {
  flag: "db",
  arg: "FILE",
  default: "$KEFU_DB, else ./data/kefu.db",
  about: "the SQLite database file, or a postgres:// URL",
};
const JSON_OUT: FlagHelp = { flag: "json", about: "print one JSON object instead of lines" };
const BID: FlagHelp = { flag: "bid", arg: "N", required: true, about: "the bot" };
const CUSTOMER: FlagHelp = { flag: "customer-id", arg: "N", required: true, about: "the agent" };
const ROLE_FLAG: FlagHelp = {
  flag: "role",
  arg: "ROLE",
  default: "agent",
  about: "agent, supervisor or admin",
};
const UID: FlagHelp = { flag: "uid", arg: "U", required: true, about: "the user's userid" };
const GROUP: FlagHelp = { flag: "group-id", arg: "G", required: true, about: "the group" };

/** Every command but serve also takes --db and --json; they are listed once, under each. */
const sub = (s: SubHelp): SubHelp => ({ ...s, flags: [...s.flags, DB, JSON_OUT] });

export const COMMANDS: Record<string, CommandHelp> = {
  serve: {
    about: "run the desk: the agent WebSocket, the HTTP API and the console on one port",
    subs: [
      {
        name: "",
        about: "the default command; settings also come from KEFU_* variables (see README)",
        flags: [
          { flag: "port", arg: "N", default: "$KEFU_PORT, else 7272", about: "0: any free port" },
          { flag: "host", arg: "H", default: "$KEFU_HOST, else 0.0.0.0", about: "the address" },
          DB,
          { flag: "bus", arg: "URL", about: "several nodes: not supported yet, refused if set" },
        ],
        example: "kefu serve --port 7272 --db /var/lib/kefu/kefu.db",
      },
    ],
  },
  bot: {
    about: "bot backends: each has an api key for the HTTP API and a webhook",
    subs: [
      sub({
        name: "create",
        about: "a new bot; its api key is shown once",
        flags: [
          { flag: "name", arg: "NAME", required: true, about: "up to 64 characters" },
          { flag: "webhook-url", arg: "URL", default: "none", about: "where events are sent" },
        ],
        example: "kefu bot create --name Shop --webhook-url https://shop.example/kefu",
      }),
      sub({
        name: "list",
        about: "every bot, and whether delivery is on, off (no url), disabled (410) or failing",
        flags: [],
        example: "kefu bot list --json",
      }),
      sub({
        name: "key",
        about: "a new api key, shown once; the old one stops working at once",
        flags: [BID],
        example: "kefu bot key --bid 1",
      }),
      sub({
        name: "update",
        about:
          "changes the name or the webhook; a new url or --enable-webhook turns delivery on again after a 410 and resends the undelivered events of the last 24 h",
        flags: [
          BID,
          { flag: "name", arg: "NAME", default: "unchanged", about: "up to 64 characters" },
          { flag: "webhook-url", arg: "URL", default: "unchanged", about: "where events are sent" },
          { flag: "no-webhook", about: "no webhook: the bot pulls /api/chat/events" },
          { flag: "enable-webhook", about: "turn delivery on again after a 410 turned it off" },
        ],
        example: "kefu bot update --bid 1 --webhook-url https://shop.example/kefu-v2",
      }),
      sub({
        name: "secret",
        about: "a new webhook secret, shown once; the old one also signs for a while",
        flags: [
          BID,
          {
            flag: "keep-old-s",
            arg: "S",
            default: "86400",
            about: "seconds the old secret keeps signing (0: stops at once; at most 30 days)",
          },
        ],
        example: "kefu bot secret --bid 1 --keep-old-s 3600",
      }),
    ],
  },
  policy: {
    about: "a bot's desk policy: retention, returning users (docs/operations.md)",
    subs: [
      sub({
        name: "",
        about: "shows the bot's desk policy, or changes the rules given (a number, or off)",
        flags: [
          BID,
          {
            flag: "retention-days",
            arg: "N|off",
            default: "unchanged",
            about: "messages and events older than N days are deleted",
          },
          {
            flag: "returning-window-s",
            arg: "S|off",
            default: "unchanged",
            about: "a user back within S seconds goes to their last agent, if they have room",
          },
          {
            flag: "priority-aging-s",
            arg: "S",
            default: "unchanged (300 at first)",
            about: "a user who waited S seconds is overtaken by no priority",
          },
          {
            flag: "hours",
            arg: "JSON|off",
            default: "unchanged",
            about: "business hours: {time_zone, weekly, holidays} as /api/bot/policy takes them",
          },
        ],
        example: "kefu policy --bid 1 --retention-days 90 --returning-window-s 86400",
      }),
    ],
  },
  webhook: {
    about: "a bot's webhook endpoint",
    subs: [
      sub({
        name: "test",
        about:
          "POSTs a signed webhook_test event (not stored, not in the feed); exit code 0 if it answered 2xx, else 1",
        flags: [BID],
        example: "kefu webhook test --bid 1",
      }),
    ],
  },
  agent: {
    about: "the people who answer users; each logs in with a token",
    subs: [
      sub({
        name: "create",
        about: "a new agent of a bot; its token is shown once",
        flags: [
          BID,
          { flag: "name", arg: "NAME", required: true, about: "the name users see" },
          { flag: "head-img", arg: "URL", default: "none", about: "an avatar" },
          { flag: "max-sessions", arg: "N", default: "5", about: "users served at once" },
          ROLE_FLAG,
        ],
        example: 'kefu agent create --bid 1 --name "Li Lei" --max-sessions 3',
      }),
      sub({
        name: "role",
        about: "what an agent may see and do, from its next login",
        flags: [CUSTOMER, { ...ROLE_FLAG, required: true }],
        example: "kefu agent role --customer-id 2 --role supervisor",
      }),
      sub({
        name: "password",
        about:
          "a console login name and password (read from standard input); revokes the old token and sessions",
        flags: [CUSTOMER, { flag: "login", arg: "NAME", required: true, about: "the login name" }],
        example: "echo 'a long passphrase' | kefu agent password --customer-id 2 --login lilei",
      }),
      sub({
        name: "disable",
        about: "no more logins; its token and sessions stop working, its connections close",
        flags: [CUSTOMER],
        example: "kefu agent disable --customer-id 2",
      }),
      sub({
        name: "enable",
        about: "may log in again, with a new token or password",
        flags: [CUSTOMER],
        example: "kefu agent enable --customer-id 2",
      }),
      sub({
        name: "token",
        about: "a new token, shown once; the old one is closed out at once",
        flags: [CUSTOMER],
        example: "kefu agent token --customer-id 2",
      }),
      sub({
        name: "list",
        about: "a bot's agents",
        flags: [BID],
        example: "kefu agent list --bid 1",
      }),
    ],
  },
  group: {
    about: "skill groups: a user may wait for the agents of one group",
    subs: [
      sub({
        name: "create",
        about: "a new group of a bot",
        flags: [
          BID,
          { flag: "name", arg: "NAME", required: true, about: "unique within the bot" },
          {
            flag: "fallback-s",
            arg: "N",
            default: "60",
            about: "seconds before its waiting users go to any agent",
          },
        ],
        example: "kefu group create --bid 1 --name billing --fallback-s 120",
      }),
      sub({
        name: "list",
        about: "a bot's groups",
        flags: [BID],
        example: "kefu group list --bid 1",
      }),
      sub({
        name: "add",
        about: "puts an agent in a group",
        flags: [GROUP, CUSTOMER],
        example: "kefu group add --group-id 1 --customer-id 2",
      }),
      sub({
        name: "remove",
        about: "takes an agent out of a group",
        flags: [GROUP, CUSTOMER],
        example: "kefu group remove --group-id 1 --customer-id 2",
      }),
      sub({
        name: "hours",
        about: "sets a group's business hours, over its bot's (off: the bot's apply)",
        flags: [
          GROUP,
          {
            flag: "hours",
            arg: "JSON|off",
            required: true,
            about: "{time_zone, weekly, holidays} as /api/group/set_hours takes them",
          },
        ],
        example: `kefu group hours --group-id 1 --hours '{"time_zone":"Asia/Shanghai","weekly":{"mon":["09:00-18:00"]}}'`,
      }),
    ],
  },
  user: {
    about: "one user's data (export, erase) and a bot's transcripts",
    subs: [
      sub({
        name: "export",
        about: "everything kefu holds about the user, as JSON (notes left out)",
        flags: [BID, UID],
        example: "kefu user export --bid 1 --uid oAbc123 --json > oAbc123.json",
      }),
      sub({
        name: "erase",
        about:
          "ends the user's open session and deletes every row about them, in one transaction with an audit entry",
        flags: [BID, UID],
        example: "kefu user erase --bid 1 --uid oAbc123 --json",
      }),
      sub({
        name: "transcript",
        about: "the bot's messages in [from, to), oldest first, one line each (notes left out)",
        flags: [
          BID,
          { flag: "from", arg: "T", required: true, about: "Unix seconds, included" },
          { flag: "to", arg: "T", required: true, about: "Unix seconds, excluded" },
          { flag: "format", arg: "jsonl|csv", default: "jsonl", about: "the lines' format" },
        ],
        example: "kefu user transcript --bid 1 --from 1764547200 --to 1767225600 --format csv",
      }),
    ],
  },
  kb: {
    about: "a bot's knowledge base, from which the assistant suggests replies",
    subs: [
      sub({
        name: "import",
        positional: "FILE",
        about: "adds entries from FILE (- for standard input); exit code 1 if lines were refused",
        flags: [
          BID,
          {
            flag: "format",
            arg: "jsonl|csv",
            default: "from the file's name or content",
            about: "the file's format",
          },
          {
            flag: "replace",
            about: "replace the curated entries, all or nothing (default: add to them)",
          },
        ],
        example: "kefu kb import --bid 1 faq.jsonl --replace",
      }),
      sub({
        name: "export",
        about: "the curated entries, one JSON line each (import takes them back)",
        flags: [BID],
        example: "kefu kb export --bid 1 > faq.jsonl",
      }),
      sub({ name: "list", about: "every entry", flags: [BID], example: "kefu kb list --bid 1" }),
    ],
  },
  db: {
    about: "moving a desk between engines",
    subs: [
      {
        name: "copy",
        about:
          "copies a SQLite desk into an empty PostgreSQL database (migrated first) in one transaction, ids kept; then compares each table's row count and checksum on both sides (exit code 1 if any differs)",
        flags: [
          {
            flag: "from",
            arg: "FILE",
            required: true,
            about: "the SQLite database (stop kefu first)",
          },
          {
            flag: "to",
            arg: "URL",
            required: true,
            about: "the postgres:// URL of an empty database",
          },
          JSON_OUT,
        ],
        example: "kefu db copy --from /var/lib/kefu/kefu.db --to postgres://kefu@db/kefu",
      },
    ],
  },
  backup: {
    about: "a consistent copy of the database, taken while kefu runs",
    subs: [
      sub({
        name: "",
        positional: "FILE",
        about: "writes the copy to FILE (VACUUM INTO); never overwrites an existing file",
        flags: [],
        example: "kefu backup /backups/kefu-$(date +%F).db --db /var/lib/kefu/kefu.db",
      }),
    ],
  },
  restore: {
    about: "puts a backup in place of the database: stop kefu, restore, start it again",
    subs: [
      sub({
        name: "",
        positional: "FILE",
        about: "checks FILE is a kefu backup, then copies it to --db; refused while kefu runs",
        flags: [{ flag: "force", about: "replace an existing database (default: refuse)" }],
        example: "kefu restore /backups/kefu-2026-12-01.db --db /var/lib/kefu/kefu.db --force",
      }),
    ],
  },
  help: {
    about: "this help, or one command's flags, defaults and examples",
    subs: [{ name: "", positional: "[COMMAND]", about: "", flags: [], example: "kefu help bot" }],
  },
};

const placeholder = (f: FlagHelp) => `--${f.flag}${f.arg ? ` ${f.arg}` : ""}`;

/** `kefu bot create --name NAME [--webhook-url URL] [--json]`; --db is said once, below. */
export function usageLine(command: string, s: SubHelp): string {
  const flags = s.flags
    .filter((f) => f !== DB)
    .map((f) => (f.required ? placeholder(f) : `[${placeholder(f)}]`));
  return ["kefu", command, s.name, s.positional ?? "", ...flags].filter(Boolean).join(" ");
}

export function overview(): string {
  const lines = Object.entries(COMMANDS).flatMap(([name, c]) =>
    c.subs.map((s) => `  ${usageLine(name, s)}`),
  );
  return [
    "kefu — a self-hosted customer-service desk",
    "",
    "Usage:",
    "  kefu --version",
    ...lines,
    "",
    "Every command takes --db FILE (default: $KEFU_DB or ./data/kefu.db).",
    "`kefu help COMMAND` or `kefu COMMAND [SUBCOMMAND] --help`: its flags, defaults and examples.",
  ].join("\n");
}

/** The usage lines of a command's subcommands: what `kefu bot` alone prints. */
export function subcommandLines(command: string): string {
  const c = COMMANDS[command];
  return c ? `usage:\n${c.subs.map((s) => `  ${usageLine(command, s)}`).join("\n")}` : "";
}

function describeSub(command: string, s: SubHelp): string {
  const width = Math.max(...s.flags.map((f) => placeholder(f).length), 0);
  const flags = s.flags.map((f) => {
    const notes = [f.about, f.required ? "required" : f.default ? `default: ${f.default}` : ""];
    return `    ${placeholder(f).padEnd(width)}  ${notes.filter(Boolean).join("; ")}`;
  });
  return [
    `  ${usageLine(command, s)}`,
    ...(s.about ? [`    ${s.about}`] : []),
    ...(flags.length ? ["", ...flags] : []),
    "",
    `    example: ${s.example}`,
  ].join("\n");
}

/** One command's help, or one subcommand's when it is named. */
export function helpOf(command: string, subName?: string): string {
  const c = COMMANDS[command] as CommandHelp;
  const subs = c.subs.filter((s) => subName === undefined || s.name === subName);
  return [`kefu ${command}: ${c.about}`, ...subs.map((s) => describeSub(command, s))].join("\n\n");
}

/** "create, list, key": a command's subcommands, for an error that names them. */
export function subcommandNames(command: string): string {
  return (COMMANDS[command]?.subs ?? []).map((s) => s.name).join(", ");
}
