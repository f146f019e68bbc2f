// Unit tests of settings (CONTRACT.md, "Configuration"): flags over env over defaults.
import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  test("defaults", () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({
      port: 7272,
      host: "0.0.0.0",
      db: "./data/kefu.db",
      heartbeatS: 10,
      heartbeatMisses: 3,
      requeueGraceS: 300,
      maxFrameBytes: 65536,
      allowedOrigins: [],
      sync: "full",
      logFormat: "text",
      logLevel: "info",
    });
  });

  test("log format and level, in any case", () => {
    const c = loadConfig({}, { KEFU_LOG_FORMAT: "JSON", KEFU_LOG_LEVEL: " Warn " });
    expect(c).toMatchObject({ logFormat: "json", logLevel: "warn" });
    expect(loadConfig({}, { KEFU_LOG_LEVEL: "debug" }).logLevel).toBe("debug");
  });

  test("environment over defaults, flags over environment", () => {
    const env = { KEFU_PORT: "8000", KEFU_HOST: "127.0.0.1", KEFU_DB: "/tmp/a.db" };
    expect(loadConfig({}, env)).toMatchObject({ port: 8000, host: "127.0.0.1", db: "/tmp/a.db" });
    expect(loadConfig({ port: "9000", db: "/tmp/b.db" }, env)).toMatchObject({
      port: 9000,
      host: "127.0.0.1",
      db: "/tmp/b.db",
    });
  });

  test("lists and enums are parsed", () => {
    const c = loadConfig(
      {},
      { KEFU_ALLOWED_ORIGINS: "https://a.example, https://b.example", KEFU_SYNC: "NORMAL" },
    );
    expect(c.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(c.sync).toBe("normal");
  });

  test("a file path, even one with a colon, is a file path", () => {
    expect(loadConfig({ db: "C:\\kefu\\kefu.db" }, {}).db).toBe("C:\\kefu\\kefu.db");
    expect(loadConfig({ db: "./data/a:b.db" }, { KEFU_BUS: " " }).db).toBe("./data/a:b.db");
  });

  test("a postgres:// or postgresql:// URL, in any case, is taken as given", () => {
    expect(loadConfig({ db: "postgres://h/kefu" }, {}).db).toBe("postgres://h/kefu");
    expect(loadConfig({}, { KEFU_DB: "POSTGRESQL://h/kefu" }).db).toBe("POSTGRESQL://h/kefu");
  });

  test("a redis:// bus beside a postgres:// database; the node lease is 10 s unless set", () => {
    const c = loadConfig({ db: "postgres://h/kefu", bus: "redis://127.0.0.1:6379/2" }, {});
    expect(c).toMatchObject({ bus: "redis://127.0.0.1:6379/2", nodeLeaseS: 10 });
    expect(loadConfig({}, { KEFU_NODE_LEASE_S: "3" }).nodeLeaseS).toBe(3);
    expect(loadConfig({}, {}).bus).toBe("");
  });

  test("the login back-off is 250 ms unless set", () => {
    expect(loadConfig({}, {}).loginBackoffMs).toBe(250);
    expect(loadConfig({}, { KEFU_LOGIN_BACKOFF_MS: "5" }).loginBackoffMs).toBe(5);
  });

  test("port 0 means any free port", () => {
    expect(loadConfig({ port: "0" }, {}).port).toBe(0);
  });

  const bad: [Record<string, string>, Record<string, string>, RegExp][] = [
    [{}, { KEFU_PORT: "abc" }, /^invalid KEFU_PORT \(--port\): .*"abc"/],
    [{ port: "70000" }, {}, /^invalid KEFU_PORT \(--port\)/],
    [{}, { KEFU_HEARTBEAT_S: "0" }, /^invalid KEFU_HEARTBEAT_S/],
    [{}, { KEFU_HEARTBEAT_MISSES: "-1" }, /^invalid KEFU_HEARTBEAT_MISSES/],
    [{}, { KEFU_REQUEUE_GRACE_S: "1.5" }, /^invalid KEFU_REQUEUE_GRACE_S/],
    [{}, { KEFU_MAX_FRAME_BYTES: "10" }, /^invalid KEFU_MAX_FRAME_BYTES/],
    // No back-off at all would leave tokens open to guessing at full speed.
    [{}, { KEFU_LOGIN_BACKOFF_MS: "0" }, /^invalid KEFU_LOGIN_BACKOFF_MS/],
    [{}, { KEFU_SYNC: "sometimes" }, /^invalid KEFU_SYNC: expected full or normal/],
    [{}, { KEFU_LOG_FORMAT: "xml" }, /^invalid KEFU_LOG_FORMAT: expected text or json/],
    [{}, { KEFU_LOG_LEVEL: "verbose" }, /^invalid KEFU_LOG_LEVEL: expected one of debug, info/],
    [{ host: " " }, {}, /^invalid KEFU_HOST \(--host\)/],
    [{ db: "mysql://h/kefu" }, {}, /^invalid KEFU_DB \(--db\): expected a file path/],
    [{ bus: "redis://127.0.0.1:6379" }, {}, /^invalid KEFU_BUS \(--bus\): .*PostgreSQL/],
    [{}, { KEFU_BUS: "redis://127.0.0.1:6379" }, /^invalid KEFU_BUS/],
    [
      { db: "postgres://h/k", bus: "nats://h:4222" },
      {},
      /^invalid KEFU_BUS \(--bus\): expected a redis:/,
    ],
    [{}, { KEFU_NODE_LEASE_S: "0" }, /^invalid KEFU_NODE_LEASE_S/],
  ];
  for (const [flags, env, message] of bad) {
    test(`refuses ${JSON.stringify({ ...flags, ...env })} naming the setting`, () => {
      expect(() => loadConfig(flags, env)).toThrow(ConfigError);
      expect(() => loadConfig(flags, env)).toThrow(message);
    });
  }
});
