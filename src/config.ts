// Settings for `kefu serve`: flags override KEFU_* variables, which override defaults.
// Parsed once with zod; a bad value is one line naming the setting, and exit code 2.
import { z } from "zod";
import { LEVELS } from "./log";
import { isPostgresUrl } from "./store/engine";

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

// A file path means SQLite, a postgres:// or postgresql:// URL PostgreSQL (CONTRACT.md,
// "Several nodes"); any other URL is refused rather than taken as a file name.
const dbPath = z
  .string()
  .min(1)
  .refine(
    (s) => isPostgresUrl(s) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(s),
    "expected a file path or a postgres:// URL",
  );
// Redis carries pushes between nodes; empty means one process.
const busUrl = z
  .string()
  .trim()
  .refine(
    (s) => s === "" || /^rediss?:\/\/[^/\s]+(\/\d+)?\/?$/i.test(s),
    "expected a redis://host:port[/db] URL",
  );

const SETTINGS = {
  port: { env: "KEFU_PORT", flag: "--port", default: "7272", schema: int(0, 65535) },
  host: { env: "KEFU_HOST", flag: "--host", default: "0.0.0.0", schema: z.string().trim().min(1) },
  db: { env: "KEFU_DB", flag: "--db", default: "./data/kefu.db", schema: dbPath },
  bus: { env: "KEFU_BUS", flag: "--bus", default: "", schema: busUrl },
  // How long a node that stops renewing its lease still counts as alive.
  nodeLeaseS: { env: "KEFU_NODE_LEASE_S", default: "10", schema: int(1, 3600) },
  heartbeatS: { env: "KEFU_HEARTBEAT_S", default: "10", schema: int(1, 3600) },
  heartbeatMisses: { env: "KEFU_HEARTBEAT_MISSES", default: "3", schema: int(1, 100) },
  requeueGraceS: { env: "KEFU_REQUEUE_GRACE_S", default: "300", schema: int(0, 86400) },
  loginTimeoutS: { env: "KEFU_LOGIN_TIMEOUT_S", default: "30", schema: int(1, 3600) },
  // The wait before answering a failed login; it doubles with each failure on a connection.
  loginBackoffMs: { env: "KEFU_LOGIN_BACKOFF_MS", default: "250", schema: int(1, 60000) },
  // How long a console session (a password login) lasts; its WebSocket closes when it ends.
  consoleSessionS: { env: "KEFU_CONSOLE_SESSION_S", default: "43200", schema: int(1, 2592000) },
  maxFrameBytes: { env: "KEFU_MAX_FRAME_BYTES", default: "65536", schema: int(1024, 16777216) },
  maxBodyBytes: { env: "KEFU_MAX_BODY_BYTES", default: "1048576", schema: int(1024, 67108864) },
  // Requests per second per api key on the HTTP API (bursts of twice that).
  apiRate: { env: "KEFU_API_RATE", default: "200", schema: int(1, 1_000_000) },
  webhookTimeoutS: { env: "KEFU_WEBHOOK_TIMEOUT_S", default: "15", schema: int(1, 300) },
  webhookRetryBaseMs: {
    env: "KEFU_WEBHOOK_RETRY_BASE_MS",
    default: "1000",
    schema: int(10, 600000),
  },
  firstReplyS: { env: "KEFU_FIRST_REPLY_S", default: "120", schema: int(0, 86400) },
  idleCloseS: { env: "KEFU_IDLE_CLOSE_S", default: "1800", schema: int(0, 30 * 86400) },
  awayAfterMisses: { env: "KEFU_AWAY_AFTER_MISSES", default: "3", schema: int(1, 100) },
  // How often the retention sweep looks for messages past a bot's retention_days (issue 18).
  retentionSweepS: { env: "KEFU_RETENTION_SWEEP_S", default: "300", schema: int(1, 86400) },
  allowedOrigins: {
    env: "KEFU_ALLOWED_ORIGINS",
    default: "",
    schema: z.string().transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  },
  // The assistant's optional LLM (an OpenAI-compatible endpoint); off while the URL is empty.
  aiBaseUrl: {
    env: "KEFU_AI_BASE_URL",
    default: "",
    schema: z.union([
      z.literal(""),
      z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }),
    ]),
  },
  aiApiKey: { env: "KEFU_AI_API_KEY", default: "", schema: z.string().trim() },
  aiModel: { env: "KEFU_AI_MODEL", default: "", schema: z.string().trim() },
  aiTimeoutMs: { env: "KEFU_AI_TIMEOUT_MS", default: "8000", schema: int(100, 120000) },
  // Files agents upload (src/files/): a folder ("" = "files" beside the SQLite database, or
  // ./data/files with PostgreSQL), or an S3-compatible bucket when one is named.
  filesDir: { env: "KEFU_FILES_DIR", default: "", schema: z.string().trim() },
  fileMaxBytes: { env: "KEFU_FILE_MAX_BYTES", default: "20971520", schema: int(1, 1 << 30) },
  fileTypes: {
    env: "KEFU_FILE_TYPES",
    default:
      "image/*,video/*,audio/*,application/pdf,text/plain,text/csv,application/zip,application/msword,application/vnd.openxmlformats-officedocument.*,application/vnd.ms-excel",
    schema: z.string().transform((s) =>
      s
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  },
  // How long a file's signed link works (the bot may always fetch it with its api key).
  fileUrlTtlS: {
    env: "KEFU_FILE_URL_TTL_S",
    default: "2592000",
    schema: int(60, 10 * 365 * 86400),
  },
  // The address users' links start with; "" = the address the upload came to.
  publicUrl: {
    env: "KEFU_PUBLIC_URL",
    default: "",
    schema: z.union([
      z.literal(""),
      z
        .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
        .transform((u) => u.replace(/\/+$/, "")),
    ]),
  },
  s3Bucket: { env: "KEFU_S3_BUCKET", default: "", schema: z.string().trim() },
  s3Endpoint: {
    env: "KEFU_S3_ENDPOINT",
    default: "",
    schema: z.union([
      z.literal(""),
      z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }),
    ]),
  },
  s3Region: { env: "KEFU_S3_REGION", default: "", schema: z.string().trim() },
  s3AccessKeyId: { env: "KEFU_S3_ACCESS_KEY_ID", default: "", schema: z.string().trim() },
  s3SecretAccessKey: { env: "KEFU_S3_SECRET_ACCESS_KEY", default: "", schema: z.string().trim() },
  // An agent's "typing" reaches the bot at most once per this while it lasts.
  typingEveryMs: { env: "KEFU_TYPING_EVERY_MS", default: "3000", schema: int(100, 600000) },
  logFormat: {
    env: "KEFU_LOG_FORMAT",
    default: "text",
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["text", "json"], { error: "expected text or json" })),
  },
  logLevel: {
    env: "KEFU_LOG_LEVEL",
    default: "info",
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(LEVELS, { error: `expected one of ${LEVELS.join(", ")}` })),
  },
  sync: {
    env: "KEFU_SYNC",
    default: "full",
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["full", "normal"], { error: "expected full or normal" })),
  },
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]["schema"]> };
export type Flags = Partial<Record<"port" | "host" | "db" | "bus", string>>;
type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function describe(name: keyof Settings): string {
  const s: { env: string; flag?: string } = SETTINGS[name];
  return s.flag ? `${s.env} (${s.flag})` : s.env;
}

/** Resolves every setting; throws ConfigError naming the first bad one. */
export function loadConfig(flags: Flags = {}, env: Env = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS) as (keyof Settings)[]) {
    const s = SETTINGS[name];
    const raw = (name in flags ? flags[name as keyof Flags] : undefined) ?? env[s.env] ?? s.default;
    const parsed = s.schema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? "invalid value";
      throw new ConfigError(`invalid ${describe(name)}: ${reason} (got ${JSON.stringify(raw)})`);
    }
    out[name] = parsed.data;
  }
  const config = out as Config;
  if (config.bus !== "" && !isPostgresUrl(config.db)) {
    throw new ConfigError(
      `invalid ${describe("bus")}: several nodes share a PostgreSQL database; set ${describe("db")} to a postgres:// URL, or leave the bus unset`,
    );
  }
  return config;
}
