// The KbStore on SQLite: entries and questions in drizzle tables, the full-text index in
// the FTS5 table kb_fts (migrations/0003_kb_fts.sql), written in the same transaction.
// The search is one prepared statement for the best rows by BM25, then a rerank of those
// few in memory (rerank.ts): the per-question cost stays flat as the base grows.
// Every statement names its bot in SQL (kb_entries.bot_id): a term's bot prefix in the
// index keeps each bot's postings apart, so a search reads only its own, but what a bot
// can find, count or remove is decided by the WHERE, not by the text indexed.
import type { Database } from "bun:sqlite";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { MessageItem } from "../model/desk";
import type { Db } from "../store/db";
import { groupCommit } from "../store/group-commit";
import { kbEntries, kbFeedback, kbQuestions } from "../store/schema/kb";
import { answerText } from "./entry";
import { adjustments, type Verdict } from "./feedback";
import type { KbEntry, KbHit, KbSource, KbStore, NewKbEntry } from "./kb-store";
import { rank } from "./rank";
import { type QueryShape, similarity } from "./rerank";
import { bigrams, foldedWords, hanChars, type Shape, shape } from "./shape";
import { terms } from "./terms";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Conn = Db | Tx;

/** Question rows read per search before they are grouped into entries. */
const CANDIDATES = 40;
/**
 * Scoring a row costs more than finding it, so a search scores at most about this many:
 * the query's rarest terms are kept while their document counts fit, the commonest (which
 * say least about the question: "open", 打开) are left out. The rarest term found in the
 * base always stays.
 */
const ROW_BUDGET = 300;
/** Term counts kept between writes; a bound, so odd queries cannot grow it for ever. */
const COUNTS_KEPT = 50_000;

/** A term as indexed: prefixed with its bot, so a posting list holds one bot's rows. */
const token = (botId: number, term: string) => `b${botId}x${term}`;
const prefixed = (botId: number, list: string[]) => list.map((t) => token(botId, t)).join(" ");
const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;

interface Row {
  entryId: number;
  question: string;
  source: KbSource;
  score: number;
  answer: string;
}

export function createSqliteKbStore(db: Db, sqlite: Database): KbStore {
  const ftsInsert = sqlite.prepare(
    "INSERT INTO kb_fts (rowid, words, chars, answer) VALUES (?1, ?2, ?3, ?4)",
  );
  // An index row counts for a bot only if its question is one of the bot's entries.
  const OF_BOT = `EXISTS (SELECT 1 FROM kb_questions q JOIN kb_entries e ON e.id = q.entry_id
                   WHERE q.id = kb_fts.rowid AND e.bot_id = ?2)`;
  // How many of the bot's rows hold a term, asked of FTS5 itself so an English word is
  // counted under its stem, as it is indexed.
  const documents = sqlite.prepare<{ n: number }, [string, number]>(
    `SELECT count(*) AS n FROM kb_fts WHERE kb_fts MATCH ?1 AND ${OF_BOT}`,
  );
  // Counting a term's rows reads its postings, so counts are kept until the index changes:
  // a write here clears them, and data_version tells of a write by another process (the CLI).
  const dataVersion = sqlite.prepare<{ data_version: number }, []>("PRAGMA data_version");
  const counts = new Map<string, number>();
  let countsVersion = -1;
  function cached(key: string, count: () => number): number {
    const version = dataVersion.get()?.data_version ?? 0;
    if (version !== countsVersion || counts.size > COUNTS_KEPT) {
      counts.clear();
      countsVersion = version;
    }
    let n = counts.get(key);
    if (n === undefined) {
      n = count();
      counts.set(key, n);
    }
    return n;
  }
  const rowsWith = (botId: number, term: string) =>
    cached(`${botId}:${term}`, () => documents.get(quote(token(botId, term)), botId)?.n ?? 0);
  const ftsDelete = sqlite.prepare("DELETE FROM kb_fts WHERE rowid = ?1");
  // Column weights (words, chars, answer): whole words of a question count most. The bot is
  // filtered before LIMIT, so no other bot's rows can take the candidates' places.
  const searchRows = sqlite.prepare<Row, [string, number, number]>(
    `SELECT q.entry_id AS entryId, q.text AS question, e.source AS source, -f.score AS score, e.answer AS answer
       FROM (SELECT rowid, bm25(kb_fts, 1.0, 0.4, 0.5) AS score FROM kb_fts
              WHERE kb_fts MATCH ?1 AND ${OF_BOT} ORDER BY score LIMIT ?3) f
       JOIN kb_questions q ON q.id = f.rowid
       JOIN kb_entries e ON e.id = q.entry_id`,
  );
  // The desk's verdicts on the candidates, for this bot only; the newest count.
  const verdicts = sqlite.prepare<
    { entryId: number; question: string; verdict: Verdict },
    [number, string]
  >(
    `SELECT entry_id AS entryId, question, verdict FROM kb_feedback
      WHERE bot_id = ?1 AND entry_id IN (SELECT value FROM json_each(?2))
      ORDER BY id DESC LIMIT 1000`,
  );
  const botRows = sqlite.prepare<{ n: number }, [number]>(
    "SELECT count(*) AS n FROM kb_questions q JOIN kb_entries e ON e.id = q.entry_id WHERE e.bot_id = ?1",
  );
  function rowsOf(botId: number): number {
    return cached(`#${botId}`, () => botRows.get(botId)?.n ?? 0);
  }
  // Questions and answers as the reranker sees them, kept so the same candidates are not
  // segmented again at every search (keyed by text: an edit makes a new key).
  const shapes = new Map<string, Shape>();
  function memo(key: string, make: () => Shape): Shape {
    let s = shapes.get(key);
    if (!s) {
      if (shapes.size > COUNTS_KEPT) shapes.clear();
      s = make();
      shapes.set(key, s);
    }
    return s;
  }
  const questionShape = (text: string) => memo(`q${text}`, () => shape(text));
  const answerShape = (json: string) =>
    memo(`a${json}`, () => shape(answerText(JSON.parse(json) as MessageItem[])));

  /**
   * The question as the reranker weighs it (each term's IDF in the bot's base), and the
   * FTS5 query: any of its affordable terms (null: nothing to search).
   */
  function prepare(botId: number, question: string): { query: QueryShape; match: string | null } {
    const t = terms(question);
    const total = rowsOf(botId);
    const idf = (term: string) => {
      const n = rowsWith(botId, term);
      return n === 0 ? 0 : Math.log(1 + (total - n + 0.5) / (n + 0.5));
    };
    const query: QueryShape = {
      words: new Map([...foldedWords(t)].map(([w, from]) => [w, Math.max(...from.map(idf))])),
      chars: new Map([...hanChars(t)].map((c) => [c, idf(c)])),
      bigrams: bigrams(question),
    };
    const counted = [...new Set([...t.words, ...t.chars])]
      .map((term) => ({ tok: token(botId, term), rows: rowsWith(botId, term) }))
      .sort((a, b) => a.rows - b.rows);
    const kept: string[] = [];
    let rows = 0;
    for (const c of counted) {
      if (rows > 0 && rows + c.rows > ROW_BUDGET) break;
      kept.push(quote(c.tok));
      rows += c.rows;
    }
    return { query, match: kept.length === 0 ? null : kept.join(" OR ") };
  }

  // The connection's group commit: learning from a reply shares the reply's fsync.
  const commit = groupCommit(db);
  const write = <T>(fn: (tx: Conn) => T): Promise<T> =>
    commit((conn) => {
      counts.clear();
      return fn(conn);
    });

  const answerWords = (botId: number, answer: readonly MessageItem[]) =>
    prefixed(botId, terms(answerText(answer)).words);
  function index(botId: number, questionId: number, question: string, answerTerms: string) {
    const t = terms(question);
    ftsInsert.run(questionId, prefixed(botId, t.words), prefixed(botId, t.chars), answerTerms);
  }

  function insertQuestions(tx: Conn, botId: number, entryId: number, entry: NewKbEntry) {
    const words = answerWords(botId, entry.answer);
    const rows = tx
      .insert(kbQuestions)
      .values(entry.questions.map((text) => ({ entryId, text })))
      .returning({ id: kbQuestions.id, text: kbQuestions.text })
      .all();
    for (const row of rows) index(botId, row.id, row.text, words);
  }

  /** The bot's entries with this id: none, or the one. */
  const ofBot = (tx: Conn, botId: number, entryId: number) =>
    tx
      .select({ id: kbEntries.id })
      .from(kbEntries)
      .where(and(eq(kbEntries.id, entryId), eq(kbEntries.botId, botId)));

  function deleteQuestions(tx: Conn, botId: number, entryId: number) {
    const rows = tx
      .delete(kbQuestions)
      .where(inArray(kbQuestions.entryId, ofBot(tx, botId, entryId)))
      .returning({ id: kbQuestions.id })
      .all();
    for (const row of rows) ftsDelete.run(row.id);
  }

  function insertEntry(
    tx: Conn,
    botId: number,
    source: KbSource,
    entry: NewKbEntry,
    learned: { key: string; userid: string } | null,
    now: number,
  ): number {
    const row = tx
      .insert(kbEntries)
      .values({
        botId,
        source,
        answer: JSON.stringify(entry.answer),
        learnedKey: learned?.key ?? null,
        userid: learned?.userid ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: kbEntries.id })
      .get();
    insertQuestions(tx, botId, row.id, entry);
    return row.id;
  }

  function load(conn: Conn, rows: (typeof kbEntries.$inferSelect)[]): KbEntry[] {
    if (rows.length === 0) return [];
    const questions = conn
      .select()
      .from(kbQuestions)
      .where(
        inArray(
          kbQuestions.entryId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(kbQuestions.id))
      .all();
    const byEntry = new Map<number, string[]>();
    for (const q of questions) {
      const list = byEntry.get(q.entryId) ?? [];
      list.push(q.text);
      byEntry.set(q.entryId, list);
    }
    return rows.map((r) => ({
      id: r.id,
      botId: r.botId,
      source: r.source,
      questions: byEntry.get(r.id) ?? [],
      answer: JSON.parse(r.answer) as MessageItem[],
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  function entryRows(conn: Conn, botId: number, ids: number[]) {
    if (ids.length === 0) return [];
    return conn
      .select()
      .from(kbEntries)
      .where(and(eq(kbEntries.botId, botId), inArray(kbEntries.id, ids)))
      .orderBy(asc(kbEntries.id))
      .all();
  }

  function removeEntry(tx: Conn, botId: number, entryId: number) {
    deleteQuestions(tx, botId, entryId);
    tx.delete(kbEntries)
      .where(and(eq(kbEntries.id, entryId), eq(kbEntries.botId, botId)))
      .run();
  }

  // The index is derived from kb_questions and kb_entries: a question missing from it (the
  // index emptied after the terms changed, as migrations/0007 does) is indexed on opening.
  const unindexed = sqlite.prepare<{ id: number; text: string; botId: number; answer: string }, []>(
    `SELECT q.id AS id, q.text AS text, e.bot_id AS botId, e.answer AS answer
       FROM kb_questions q JOIN kb_entries e ON e.id = q.entry_id
      WHERE NOT EXISTS (SELECT 1 FROM kb_fts WHERE kb_fts.rowid = q.id)`,
  );
  sqlite
    .transaction(() => {
      for (const row of unindexed.all()) {
        const answer = JSON.parse(row.answer) as MessageItem[];
        index(row.botId, row.id, row.text, answerWords(row.botId, answer));
      }
    })
    .immediate();

  return {
    async add(botId, entries, replace, now) {
      return write((tx) => {
        if (replace) {
          const old = tx
            .select({ id: kbEntries.id })
            .from(kbEntries)
            .where(and(eq(kbEntries.botId, botId), eq(kbEntries.source, "curated")))
            .all();
          for (const { id } of old) removeEntry(tx, botId, id);
        }
        const ids = entries.map((e) => insertEntry(tx, botId, "curated", e, null, now));
        return load(tx, entryRows(tx, botId, ids));
      });
    },

    async update(botId, id, entry, now) {
      return write((tx) => {
        const updated = tx
          .update(kbEntries)
          .set({
            answer: JSON.stringify(entry.answer),
            source: "curated",
            learnedKey: null,
            // Edited by the operator, the entry is theirs: no longer the user's to erase.
            userid: null,
            updatedAt: now,
          })
          .where(and(eq(kbEntries.id, id), eq(kbEntries.botId, botId)))
          .returning({ id: kbEntries.id })
          .get();
        if (!updated) return null;
        deleteQuestions(tx, botId, id);
        insertQuestions(tx, botId, id, entry);
        return load(tx, entryRows(tx, botId, [id]))[0] ?? null;
      });
    },

    async remove(botId, id) {
      return write((tx) => {
        if (entryRows(tx, botId, [id]).length === 0) return false;
        removeEntry(tx, botId, id);
        return true;
      });
    },

    async get(botId, id) {
      return load(db, entryRows(db, botId, [id]))[0] ?? null;
    },

    async list(botId, options) {
      const rows = db
        .select()
        .from(kbEntries)
        .where(
          and(
            eq(kbEntries.botId, botId),
            options.source ? eq(kbEntries.source, options.source) : undefined,
            options.after ? gt(kbEntries.id, options.after) : undefined,
          ),
        )
        .orderBy(asc(kbEntries.id))
        .limit(options.limit)
        .all();
      return load(db, rows);
    },

    async search(botId, question, limit) {
      const { query, match } = prepare(botId, question);
      if (!match) return [];
      const found = searchRows.all(match, botId, CANDIDATES);
      const best = found[0]?.score ?? 0;
      // What each candidate entry says: its answer and the questions of it that were found.
      const said = new Map<number, Shape[]>();
      for (const r of found) {
        const list = said.get(r.entryId) ?? [answerShape(r.answer)];
        list.push(questionShape(r.question));
        said.set(r.entryId, list);
      }
      const rows = found.map((r) => ({
        ...r,
        score: similarity(
          query,
          questionShape(r.question),
          said.get(r.entryId) ?? [],
          best > 0 ? r.score / best : 0,
        ),
      }));
      const answers = new Map(rows.map((r) => [r.entryId, r.answer]));
      const adjust = adjustments(
        new Set(query.words.keys()),
        verdicts.all(botId, JSON.stringify([...answers.keys()])).map((v) => ({
          entryId: v.entryId,
          words: questionShape(v.question).words,
          verdict: v.verdict,
        })),
      );
      const hits: KbHit[] = [];
      const shown = new Set<string>();
      // An agent who sent a suggestion as it was makes a learned pair with the same answer.
      for (const c of rank(rows, rows.length, adjust)) {
        const answer = answers.get(c.entryId) ?? "[]";
        if (shown.has(answer)) continue;
        shown.add(answer);
        const { entryId, question: q, source, score } = c;
        hits.push({
          entryId,
          question: q,
          source,
          score,
          answer: JSON.parse(answer) as MessageItem[],
        });
        if (hits.length === limit) break;
      }
      return hits;
    },

    async feedback(botId, entryId, question, verdict, now, userid) {
      await write((tx) => {
        if (entryRows(tx, botId, [entryId]).length === 0) return;
        tx.insert(kbFeedback)
          .values({ botId, entryId, question, userid, verdict, createdAt: now })
          .run();
      });
    },

    async learn(botId, question, answer, now, userid) {
      const key = terms(question).words.join(" ");
      if (!key || answer.length === 0) return;
      await write((tx) => {
        const old = tx
          .select({ id: kbEntries.id })
          .from(kbEntries)
          .where(and(eq(kbEntries.botId, botId), eq(kbEntries.learnedKey, key)))
          .get();
        if (old) removeEntry(tx, botId, old.id);
        const entry = { questions: [question], answer };
        insertEntry(tx, botId, "learned", entry, { key, userid }, now);
      });
    },
  };
}
