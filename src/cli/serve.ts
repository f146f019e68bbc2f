// `kefu serve`: starts the desk, prints the banner (and the first start's secrets, once),
// and stops cleanly on SIGTERM or SIGINT.
import { loadConfig } from "../config";
import { errorFields, log } from "../log";
import { guardProcess } from "../process-guard";
import { type RunningServer, startServer } from "../server";
import { StartError } from "../start-error";
import { databaseLabel } from "../store/engine";
import { VERSION } from "../version";
import type { Invocation } from "./args";

export async function serve({ values }: Invocation): Promise<void> {
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
    `kefu ${VERSION} listening on ${server.listening} (port ${server.port}, database ${databaseLabel(config.db)})\n` +
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
