// Reading a knowledge-base file: JSON Lines (one entry a line) or CSV with the header
// `question,answer` (rows with the same answer form one entry). Every line that cannot be
// used is reported with its number and the reason; the others are kept.
import { describeZodError } from "../wire/zod-error";
import { kbAnswer, kbEntryInput, kbQuestion } from "./entry";
import type { KbStore, NewKbEntry } from "./kb-store";

export type KbFormat = "jsonl" | "csv";

export interface Refusal {
  line: number;
  reason: string;
}

export interface ParsedKb {
  entries: NewKbEntry[];
  refused: Refusal[];
}

/** CSV for a .csv file, or for a text whose first line is not a JSON object. */
export function detectFormat(text: string, fileName = ""): KbFormat {
  if (/\.csv$/i.test(fileName)) return "csv";
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return "jsonl";
  const first = text.replace(/^\uFEFF/, "").trimStart();
  return first.startsWith("{") ? "jsonl" : "csv";
}

export function parseKb(text: string, format: KbFormat): ParsedKb {
  return format === "csv" ? parseCsv(text) : parseJsonLines(text);
}

export function parseJsonLines(text: string): ParsedKb {
  const entries: NewKbEntry[] = [];
  const refused: Refusal[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      if (!raw.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        refused.push({ line, reason: "not valid JSON" });
        return;
      }
      const parsed = kbEntryInput.safeParse(value);
      if (parsed.success) entries.push(parsed.data);
      else refused.push({ line, reason: describeZodError(parsed.error) });
    });
  return { entries, refused };
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks), with the line each starts on. */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const src = text.replace(/^\uFEFF/, "");
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") records.push({ line: start, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

export function parseCsv(text: string): ParsedKb {
  const [header, ...rows] = csvRecords(text);
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const qi = names.indexOf("question");
  const ai = names.indexOf("answer");
  if (!header || qi < 0 || ai < 0) {
    return {
      entries: [],
      refused: [{ line: 1, reason: "the first line must be the header question,answer" }],
    };
  }
  const refused: Refusal[] = [];
  // Keyed by the answer as written: rows that share it are one entry, in first-seen order.
  const byAnswer = new Map<string, { questions: string[]; answer: NewKbEntry["answer"] }>();
  for (const { line, fields } of rows) {
    const q = kbQuestion.safeParse(fields[qi] ?? "");
    if (!q.success) {
      refused.push({ line, reason: `question: ${q.error.issues[0]?.message ?? "invalid"}` });
      continue;
    }
    const rawAnswer = (fields[ai] ?? "").trim();
    const entry = byAnswer.get(rawAnswer);
    if (entry) {
      if (entry.questions.length >= 50)
        refused.push({ line, reason: "more than 50 questions for one answer" });
      else entry.questions.push(q.data);
      continue;
    }
    const a = kbAnswer.safeParse(itemsOrText(rawAnswer));
    if (!a.success) {
      refused.push({ line, reason: `answer: ${describeZodError(a.error)}` });
      continue;
    }
    byAnswer.set(rawAnswer, { questions: [q.data], answer: a.data });
  }
  return { entries: [...byAnswer.values()], refused };
}

/** A CSV answer is text, unless it is a JSON array of message items. */
function itemsOrText(answer: string): unknown {
  if (!answer.startsWith("[")) return answer;
  try {
    const value: unknown = JSON.parse(answer);
    return Array.isArray(value) && kbAnswer.safeParse(value).success ? value : answer;
  } catch {
    return answer;
  }
}

/** Parses and adds. With `replace`, all or nothing: a refused line leaves the base as it was. */
export async function importKb(
  kb: KbStore,
  botId: number,
  text: string,
  format: KbFormat,
  replace: boolean,
): Promise<{ added: number; refused: Refusal[] }> {
  const { entries, refused } = parseKb(text, format);
  if (replace && refused.length > 0) return { added: 0, refused };
  const added = await kb.add(botId, entries, replace, Date.now());
  return { added: added.length, refused };
}
