// `kefu kb import|export|list`: loading and reading a bot's knowledge base from the shell.
// Returns the exit code: 0 done, 1 an import refused some lines, 2 a usage error.
import { readFileSync } from "node:fs";
import { exportLine } from "../assistant/entry";
import { detectFormat, importKb, type KbFormat } from "../assistant/kb-import";
import type { KbEntry, KbStore } from "../assistant/kb-store";
import { loadConfig } from "../config";
import { openStores } from "../open-stores";

export interface KbArgs {
  action: string | undefined;
  file: string | undefined;
  bid: string | undefined;
  db: string | undefined;
  format: string | undefined;
  replace: boolean;
  json: boolean;
}

class KbUsageError extends Error {}

const PAGE = 1000;

async function all(kb: KbStore, botId: number, source?: "curated"): Promise<KbEntry[]> {
  const out: KbEntry[] = [];
  for (;;) {
    const page = await kb.list(botId, {
      limit: PAGE,
      ...(source ? { source } : {}),
      ...(out.length ? { after: out[out.length - 1]?.id } : {}),
    });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

function readInput(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new KbUsageError(`cannot read ${file}: ${err instanceof Error ? err.message : err}`);
  }
}

async function run(args: KbArgs, kb: KbStore, botId: number): Promise<number> {
  const out = (json: Record<string, unknown>, human: string) =>
    console.log(args.json ? JSON.stringify(json) : human);

  if (args.action === "import") {
    if (!args.file) throw new KbUsageError("kb import needs a FILE (or - for standard input)");
    if (args.format !== undefined && args.format !== "jsonl" && args.format !== "csv") {
      throw new KbUsageError(
        `--format: expected jsonl or csv (got ${JSON.stringify(args.format)})`,
      );
    }
    const text = readInput(args.file);
    const format: KbFormat = args.format ?? detectFormat(text, args.file);
    const { added, refused } = await importKb(kb, botId, text, format, args.replace);
    const lines = refused.map((r) => `  line ${r.line}: ${r.reason}`);
    out(
      { bid: botId, added, refused },
      [
        `bot ${botId}: added ${added} ${added === 1 ? "entry" : "entries"}`,
        ...(refused.length ? [`refused ${refused.length} line(s):`, ...lines] : []),
        ...(args.replace && refused.length ? ["nothing was replaced: fix those lines first"] : []),
      ].join("\n"),
    );
    return refused.length ? 1 : 0;
  }
  if (args.action === "export") {
    const entries = (await all(kb, botId, "curated")).map(exportLine);
    if (args.json) console.log(JSON.stringify({ bid: botId, entries }));
    else for (const e of entries) console.log(JSON.stringify(e));
    return 0;
  }
  const entries = await all(kb, botId);
  out(
    {
      entries: entries.map((e) => ({
        id: e.id,
        source: e.source,
        questions: e.questions,
        answer: e.answer,
      })),
    },
    entries
      .map((e) => {
        const more = e.questions.length > 1 ? ` (+${e.questions.length - 1})` : "";
        return `${e.id}\t${e.source}\t${e.questions[0] ?? ""}${more}`;
      })
      .join("\n") || "no entries",
  );
  return 0;
}

export async function kbCommand(args: KbArgs): Promise<number> {
  const config = loadConfig(args.db ? { db: args.db } : {});
  try {
    if (!["import", "export", "list"].includes(args.action ?? "")) {
      throw new KbUsageError(`unknown command: kb ${args.action ?? ""}`.trim());
    }
    if (!args.bid) throw new KbUsageError("--bid is required");
    if (!/^[1-9]\d*$/.test(args.bid)) {
      throw new KbUsageError(
        `--bid: expected a positive whole number (got ${JSON.stringify(args.bid)})`,
      );
    }
    const botId = Number(args.bid);
    const database = await openStores(config);
    try {
      if (!(await database.stores.identity.getBot(botId))) {
        throw new KbUsageError(`no bot ${botId}`);
      }
      return await run(args, database.kb, botId);
    } finally {
      await database.close();
    }
  } catch (err) {
    if (!(err instanceof KbUsageError)) throw err;
    console.error(`kefu: ${err.message}`);
    return 2;
  }
}
