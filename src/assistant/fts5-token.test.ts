// Unit test: fts5Token is the token SQLite's FTS5 indexes (porter unicode61
// remove_diacritics 2), asked of FTS5 itself for a few hundred words, bot prefix included.
import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { fts5Token } from "./fts5-token";

const WORDS = `caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated
troubled sized hopping tanned falling hissing fizzed failing filing happy sky relational
conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli
analogousli vietnamization predication operator feudalism decisiveness hopefulness
callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti
electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable
defensible irritant replacement adjustment dependent adoption homologou communism activate
angulariti homologous effective bowdlerize probate rate cease controll roll shipping
internationally refunds refund password passwords login logged logging accounts shipped
delivery deliveries cancel cancelled cancelling orders ordering invoices invoice payment
payments paying paid subscription subscriptions generalizations oscillators yelling yes
y ye bye eyes sses ies s is as us bus buses agreement agreements argued arguing hoped
hoping café naïve résumé über piñata façade crème brûlée 密码 修改密码 登录 s1x bx a1 x123ing
abc123ed iphone15s wifi wi covid19 2fa 3ds ss sss ssses tied ed ing eed`.split(/\s+/);

test("each word, prefixed as the index has it, is the token FTS5 makes of it", () => {
  const db = new Database(":memory:");
  db.run("CREATE VIRTUAL TABLE t USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2')");
  db.run("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");
  const insert = db.prepare("INSERT INTO t (rowid, w) VALUES (?1, ?2)");
  const tokens = WORDS.flatMap((w) => [w, `b7x${w}`, `b12x${w}`]);
  tokens.forEach((w, i) => {
    insert.run(i + 1, w);
  });
  const indexed = db.query<{ term: string; doc: number }, []>("SELECT term, doc FROM v").all();
  const byRow = new Map(indexed.map((r) => [r.doc, r.term]));
  const mismatches = tokens
    .map((w, i) => ({ w, fts5: byRow.get(i + 1), ours: fts5Token(w) }))
    .filter((m) => m.fts5 !== m.ours);
  expect(mismatches).toEqual([]);
  db.close();
});
