import { expect, test } from "bun:test";
import { csvRecords, detectFormat, parseCsv, parseJsonLines } from "./kb-import";

test("JSON Lines: each line an entry; bad lines are named with the reason", () => {
  const r = parseJsonLines('{"questions":["a question"],"answer":"yes"}\n\n{oops\n{"answer":"x"}');
  expect(r.entries).toEqual([
    { questions: ["a question"], answer: [{ type: "text", value: { text: "yes" } }] },
  ]);
  expect(r.refused.map((x) => x.line)).toEqual([3, 4]);
});

test("CSV: quoted fields may hold commas, quotes and line breaks; lines are counted", () => {
  expect(csvRecords('a,"b, ""c""\nd"\r\ne,f\n')).toEqual([
    { line: 1, fields: ["a", 'b, "c"\nd'] },
    { line: 3, fields: ["e", "f"] },
  ]);
});

test("CSV: the header is required; rows sharing an answer are one entry", () => {
  expect(parseCsv("q,a\nx,y").refused).toEqual([
    { line: 1, reason: "the first line must be the header question,answer" },
  ]);
  const r = parseCsv("\uFEFFQuestion,Answer\nrefund time,5 days\nmoney back,5 days\n");
  expect(r.entries).toEqual([
    {
      questions: ["refund time", "money back"],
      answer: [{ type: "text", value: { text: "5 days" } }],
    },
  ]);
});

test("the format follows the file name, else the first character", () => {
  expect(detectFormat("", "faq.csv")).toBe("csv");
  expect(detectFormat('{"questions":[]}')).toBe("jsonl");
  expect(detectFormat("question,answer")).toBe("csv");
});
