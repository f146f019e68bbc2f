// A transcript of a bot's conversations over a time range (issue 18), for reports kept
// elsewhere: read page by page and written line by line, so a year of messages is never
// held in memory. JSON Lines carries each item whole; CSV flattens it to text and url.
import type { Stores } from "../store/stores";
import type { TranscriptLine } from "../wire/user-data";
import { transcriptLine } from "./user-data";

export type TranscriptFormat = "jsonl" | "csv";

const PAGE = 500;

/** The bot's messages created in [from, to) (ms), in order of creation, notes left out. */
export async function* transcriptLines(
  stores: Stores,
  botId: number,
  range: { from: number; to: number },
): AsyncGenerator<TranscriptLine> {
  let after: { createdAt: number; id: number } | null = null;
  for (;;) {
    const page = await stores.privacy.transcript(botId, range, after, PAGE);
    for (const m of page) yield transcriptLine(m);
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export const CSV_COLUMNS = [
  "id",
  "created_at",
  "userid",
  "session_id",
  "from",
  "customer_id",
  "type",
  "text",
  "url",
] as const;

/** A CSV field as RFC 4180 has it: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

export function csvRow(l: TranscriptLine): string {
  const fields = [
    l.id,
    l.created_at,
    l.userid,
    l.session_id,
    l.from,
    l.customer_id,
    l.type,
    str(l.value.text),
    str(l.value.url),
  ];
  return `${fields.map(csvField).join(",")}\r\n`;
}

/** The transcript as text chunks in `format`: a CSV starts with its header. */
export async function* transcriptText(
  lines: AsyncIterable<TranscriptLine>,
  format: TranscriptFormat,
): AsyncGenerator<string> {
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\r\n`;
  for await (const l of lines) yield format === "csv" ? csvRow(l) : `${JSON.stringify(l)}\n`;
}
