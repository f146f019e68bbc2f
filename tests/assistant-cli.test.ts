// `kefu kb import|export|list` as an operator runs them: a file goes in, the same entries
// come out, and the lines that cannot be used are named with their reason.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kefu } from "./helpers/cli";

let dir: string;
let db: string;
const json = async (args: string[]) => {
  const r = await kefu([...args, "--db", db, "--json"]);
  return { ...r, body: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {} };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kefu-kb-cli-"));
  db = join(dir, "kefu.db");
  await json(["bot", "create", "--name", "one"]);
  await json(["bot", "create", "--name", "two"]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRIES = [
  { questions: ["怎么改登录密码", "密码忘了"], answer: "在设置里重设密码。" },
  { questions: ["Do you ship abroad?"], answer: "Yes, to 40 countries." },
  {
    questions: ["发票怎么开"],
    answer: [
      { type: "text", value: { text: "在订单详情申请。" } },
      { type: "picture", value: { url: "https://example.com/a.png" } },
    ],
  },
];

test("import then export gives back the same entries, and a second bot can load them", async () => {
  const file = join(dir, "faq.jsonl");
  writeFileSync(
    file,
    `${ENTRIES.map((e) => JSON.stringify(e)).join("\n")}\n{"questions": "only"}\n`,
  );
  const imported = await json(["kb", "import", "--bid", "1", file]);
  expect(imported.code).toBe(1);
  expect(imported.body).toEqual({
    bid: 1,
    added: 3,
    refused: [{ line: 4, reason: expect.stringContaining("answer") }],
  });

  const exported = await kefu(["kb", "export", "--bid", "1", "--db", db]);
  expect(exported.code).toBe(0);
  const lines = exported.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toEqual(ENTRIES);

  const again = join(dir, "again.jsonl");
  writeFileSync(again, exported.stdout);
  expect((await json(["kb", "import", "--bid", "2", again])).body).toEqual({
    bid: 2,
    added: 3,
    refused: [],
  });
  expect((await json(["kb", "export", "--bid", "2"])).body).toEqual({ bid: 2, entries: ENTRIES });
});

test("CSV rows with the same answer form one entry; --replace swaps the curated base", async () => {
  const file = join(dir, "faq.csv");
  writeFileSync(
    file,
    'question,answer\n退款多久到账,"1-5 个工作日"\n钱什么时候退回来,"1-5 个工作日"\n',
  );
  const r = await json(["kb", "import", "--bid", "2", "--replace", file]);
  expect(r.code).toBe(0);
  expect(r.body).toEqual({ bid: 2, added: 1, refused: [] });
  const listed = await json(["kb", "list", "--bid", "2"]);
  expect(listed.body.entries).toEqual([
    {
      id: expect.any(Number),
      source: "curated",
      questions: ["退款多久到账", "钱什么时候退回来"],
      answer: [{ type: "text", value: { text: "1-5 个工作日" } }],
    },
  ]);
});

test("a missing bot or FILE is a usage error (exit 2)", async () => {
  expect((await json(["kb", "list", "--bid", "9"])).code).toBe(2);
  const noFile = await json(["kb", "import", "--bid", "1"]);
  expect(noFile.code).toBe(2);
  expect(noFile.stderr).toContain("FILE");
});
