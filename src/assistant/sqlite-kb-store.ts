// The KbStore on SQLite: entries and questions in drizzle tables, the full-text index in
// the FTS5 table kb_fts (migrations/0003_kb_fts.sql), written in the same transaction.
// The search is one prepared statement for the best rows by BM25, then a rerank of those
// few in memory (rerank.ts): the per-question cost stays flat as the base grows.
// Every statement names its bot in SQL (kb_entries.bot_id): a term's bot prefix in the
// index keeps each bot's postings apart, so a search reads only its own, but what a bot
// can find, count or remove is decided by the WHERE, not by the text indexed.
import type { Database } from "bun:sqlite";
import { and, asc, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { MessageItem } from "../model/desk";
import type { Db } from "../store/db";
import { groupCommit } from "../store/group-commit";
import { kbEntries, kbFeedback, kbMisses, kbQuestions } from "../store/schema/kb";
import { answerText } from "./entry";
import {
  CANDIDATES,
  type FoundRow,
  hits,
  KEPT,
  plan,
  shapes,
  token,
  type VerdictRow,
} from "./kb-search";
import type { KbEntry, KbSource, KbStore, NewKbEntry } from "./kb-store";
import { terms } from "./terms";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Conn = Db | Tx;

const prefixed = (botId: number, list: string[]) => list.map((t) => token(botId, t)).join(" ");
const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;

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
    if (version !== countsVersion || counts.size > KEPT) {
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
  const searchRows = sqlite.prepare<FoundRow, [string, number, number]>(
    `SELECT q.entry_id AS entryId, q.text AS question, e.source AS source, -f.score AS score, e.answer AS answer
       FROM (SELECT rowid, bm25(kb_fts, 1.0, 0.4, 0.5) AS score FROM kb_fts
              WHERE kb_fts MATCH ?1 AND ${OF_BOT} ORDER BY score LIMIT ?3) f
       JOIN kb_questions q ON q.id = f.rowid
       JOIN kb_entries e ON e.id = q.entry_id`,
  );
  // The desk's verdicts on the candidates, for this bot only; the newest count.
  const verdicts = sqlite.prepare<VerdictRow, [number, string]>(
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
  const shaped = shapes();

  // An entry's rows, written and removed by statements prepared once: learning runs them
  // after every agent reply. What a bot can remove is its own, by the WHERE.
  const p = sql.placeholder;
  const ownEntry = sql`(SELECT ${kbEntries.id} FROM ${kbEntries} WHERE ${kbEntries.id} = ${p("entryId")} AND ${kbEntries.botId} = ${p("botId")})`;
  const entryRowsOf = {
    learnedOf: db
      .select({ id: kbEntries.id })
      .from(kbEntries)
      .where(and(eq(kbEntries.botId, p("botId")), eq(kbEntries.learnedKey, p("key"))))
      .prepare(),
    dropQuestions: db
      .delete(kbQuestions)
      .where(sql`${kbQuestions.entryId} IN ${ownEntry}`)
      .returning({ id: kbQuestions.id })
      .prepare(),
    dropEntry: db
      .delete(kbEntries)
      .where(and(eq(kbEntries.id, p("entryId")), eq(kbEntries.botId, p("botId"))))
      .prepare(),
    addEntry: db
      .insert(kbEntries)
      .values({
        botId: p("botId"),
        source: sql`${p("source")}`,
        answer: p("answer"),
        learnedKey: p("key"),
        userid: p("userid"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .returning({ id: kbEntries.id })
      .prepare(),
    addQuestion: db
      .insert(kbQuestions)
      .values({ entryId: p("entryId"), text: p("text") })
      .returning({ id: kbQuestions.id })
      .prepare(),
  };

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

  function insertQuestions(botId: number, entryId: number, entry: NewKbEntry) {
    const words = answerWords(botId, entry.answer);
    for (const text of entry.questions) {
      const row = entryRowsOf.addQuestion.get({ entryId, text });
      if (row) index(botId, row.id, text, words);
    }
  }

  function deleteQuestions(botId: number, entryId: number) {
    for (const row of entryRowsOf.dropQuestions.all({ entryId, botId })) ftsDelete.run(row.id);
  }

  function insertEntry(
    botId: number,
    source: KbSource,
    entry: NewKbEntry,
    learned: { key: string; userid: string } | null,
    now: number,
  ): number {
    const row = entryRowsOf.addEntry.get({
      botId,
      source,
      answer: JSON.stringify(entry.answer),
      key: learned?.key ?? null,
      userid: learned?.userid ?? null,
      now,
    });
    if (!row) throw new Error("the knowledge-base entry was not inserted");
    insertQuestions(botId, row.id, entry);
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

  function removeEntry(botId: number, entryId: number) {
    deleteQuestions(botId, entryId);
    entryRowsOf.dropEntry.run({ entryId, botId });
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
          for (const { id } of old) removeEntry(botId, id);
        }
        const ids = entries.map((e) => insertEntry(botId, "curated", e, null, now));
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
        deleteQuestions(botId, id);
        insertQuestions(botId, id, entry);
        return load(tx, entryRows(tx, botId, [id]))[0] ?? null;
      });
    },

    async remove(botId, id) {
      return write((tx) => {
        if (entryRows(tx, botId, [id]).length === 0) return false;
        removeEntry(botId, id);
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
      const { query, kept } = plan(question, rowsOf(botId), (term) => rowsWith(botId, term));
      if (kept.length === 0) return [];
      const match = kept.map((term) => quote(token(botId, term))).join(" OR ");
      const found = searchRows.all(match, botId, CANDIDATES);
      const ids = JSON.stringify([...new Set(found.map((r) => r.entryId))]);
      return hits(query, found, verdicts.all(botId, ids), shaped, limit);
    },

    async feedback(botId, entryId, question, verdict, now, userid) {
      await write((tx) => {
        if (entryRows(tx, botId, [entryId]).length === 0) return;
        tx.insert(kbFeedback)
          .values({ botId, entryId, question, userid, verdict, createdAt: now })
          .run();
      });
    },

    async miss(botId, userid, question, reply, now) {
      await write((tx) => {
        const at = and(
          eq(kbMisses.botId, botId),
          eq(kbMisses.userid, userid),
          eq(kbMisses.question, question),
        );
        if (reply === null) {
          tx.delete(kbMisses).where(at).run();
          return;
        }
        const row = { reply: JSON.stringify(reply), createdAt: now };
        tx.insert(kbMisses)
          .values({ botId, userid, question, ...row })
          .onConflictDoUpdate({
            target: [kbMisses.botId, kbMisses.userid, kbMisses.question],
            set: row,
          })
          .run();
      });
    },

    async misses(botId, since, limit) {
      const rows = db
        .select()
        .from(kbMisses)
        .where(and(eq(kbMisses.botId, botId), gte(kbMisses.createdAt, since)))
        .orderBy(desc(kbMisses.createdAt), desc(kbMisses.id))
        .limit(limit)
        .all();
      return rows.map((r) => ({
        id: r.id,
        question: r.question,
        reply: JSON.parse(r.reply) as MessageItem[],
        createdAt: r.createdAt,
      }));
    },

    async dropMisses(botId, ids) {
      if (ids.length === 0) return;
      await write((tx) => {
        tx.delete(kbMisses)
          .where(and(eq(kbMisses.botId, botId), inArray(kbMisses.id, ids)))
          .run();
      });
    },

    async learn(botId, question, answer, now, userid) {
      const key = terms(question).words.join(" ");
      if (!key || answer.length === 0) return;
      await write(() => {
        const old = entryRowsOf.learnedOf.get({ botId, key });
        if (old) removeEntry(botId, old.id);
        insertEntry(botId, "learned", { questions: [question], answer }, { key, userid }, now);
      });
    },
  };
}
