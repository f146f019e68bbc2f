import { expect, test } from "bun:test";
import type { TranscriptLine } from "../wire/user-data";
import { csvField, csvRow, transcriptText } from "./transcript";

const line = (over: Partial<TranscriptLine> = {}): TranscriptLine => ({
  id: 7,
  session_id: 3,
  from: "user",
  customer_id: null,
  type: "text",
  value: { text: "hi" },
  created_at: 1700000000,
  userid: "u1",
  ...over,
});

async function all(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}

async function* of(...lines: TranscriptLine[]) {
  yield* lines;
}

test("a CSV field is quoted only when it must be, and its quotes doubled", () => {
  expect(csvField("plain")).toBe("plain");
  expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  expect(csvField(null)).toBe("");
  expect(csvField(12)).toBe("12");
});

test("a CSV row flattens the item to its text or url", () => {
  expect(csvRow(line())).toBe("7,1700000000,u1,3,user,,text,hi,\r\n");
  const picture = line({ type: "picture", value: { url: "http://x/a.png" }, from: "agent" });
  expect(csvRow({ ...picture, customer_id: 2 })).toBe(
    "7,1700000000,u1,3,agent,2,picture,,http://x/a.png\r\n",
  );
});

test("CSV starts with its header; JSON Lines is one object a line", async () => {
  const csv = await all(transcriptText(of(line(), line({ id: 8 })), "csv"));
  expect(csv.split("\r\n")).toEqual([
    "id,created_at,userid,session_id,from,customer_id,type,text,url",
    "7,1700000000,u1,3,user,,text,hi,",
    "8,1700000000,u1,3,user,,text,hi,",
    "",
  ]);
  const jsonl = await all(transcriptText(of(line()), "jsonl"));
  expect(jsonl.split("\n").map((l) => (l ? JSON.parse(l) : l))).toEqual([line(), ""]);
});
