import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { terms } from "./terms";

test("Chinese is split into words, with the characters of longer words", () => {
  expect(terms("怎么改登录密码？")).toEqual({
    words: ["修改", "登录", "密码"],
    chars: ["修", "改", "登", "录", "密", "码"],
  });
});

test("width, case and punctuation are folded; stop words dropped", () => {
  expect(terms("ＨＯＷ do I Reset my PASSWORD!!").words).toEqual(["reset", "password"]);
  expect(terms("what's wrong?").words).toEqual(["wrong"]);
});

test("synonyms are indexed under one word, in both languages", () => {
  expect(terms("my parcel").words).toEqual(terms("my package").words);
  expect(terms("退钱").words).toEqual(terms("退款").words);
});

test("two single characters that make a known word count as that word too", () => {
  expect(terms("漏发了").words).toContain(terms("少发").words[0] ?? "少发");
});

test("invisible characters and combining marks inside a word do not split it", () => {
  const plain = terms("refund password").words;
  for (const c of ["\u00AD", "\u200D", "\u200C", "\u2060", "\uFEFF", "\u200E", "\u0332", "\u20DD"])
    expect(terms(`re${c}fund pass${c}word`).words).toEqual(plain);
  // NFKC first: a decomposed é is the é of the composed word, and Hindi keeps its words.
  expect(terms("cafe\u0301").words).toEqual(terms("café").words);
  expect(terms("पासवर्ड बदलें").words).toEqual(["पसवरड", "बदल"]);
  // A zero-width space is a word break, as it is to FTS5.
  expect(terms("refund\u200Bpassword").words).toEqual(plain);
});

// What the index relies on: each term FTS5 reads as exactly one token, whatever character
// the text holds (every code point of planes 0 and 1, tags and variation selectors).
test("every term is one FTS5 token", () => {
  const db = new Database(":memory:");
  db.run("CREATE VIRTUAL TABLE t USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2')");
  db.run("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");
  const insert = db.prepare("INSERT INTO t (rowid, w) VALUES (?1, ?2)");
  const expected = new Map<number, number>();
  db.transaction(() => {
    for (let cp = 0x20; cp < 0xe01f0; cp++) {
      if ((cp >= 0xd800 && cp < 0xe000) || (cp >= 0x20000 && cp < 0xe0000)) continue;
      const { words, chars } = terms(
        `ab${String.fromCodePoint(cp)}cd x${String.fromCodePoint(cp)}`,
      );
      const all = [...words, ...chars];
      if (all.length === 0) continue;
      insert.run(cp, all.join(" "));
      expected.set(cp, all.length);
    }
  })();
  const split = db
    .query<{ doc: number; n: number }, []>("SELECT doc, count(*) AS n FROM v GROUP BY doc")
    .all()
    .filter((r) => r.n !== expected.get(r.doc))
    .map((r) => `U+${r.doc.toString(16).toUpperCase()}`);
  expect(split).toEqual([]);
});
