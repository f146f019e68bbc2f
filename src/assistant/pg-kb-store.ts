// The KbStore on PostgreSQL: the tables of src/store/pg/schema/kb.ts. Where SQLite asks
// FTS5, this keeps each question's index tokens (the ones FTS5 makes: fts5-token.ts) in
// kb_terms and computes FTS5's BM25 itself over the rows holding the question's kept
// terms, which the row budget bounds (kb-search.ts); the rerank after it is the same code,
// so a bot gets the same suggestions for the same entries on either engine. Every
// statement names its bot in SQL.
import { and, asc, desc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import type { MessageItem } from "../model/desk";
import type { PgExec } from "../store/pg/exec";
import { kbEntries, kbFeedback, kbMisses, kbQuestions, kbTerms } from "../store/pg/schema/kb";
import { answerText } from "./entry";
import { fts5Token } from "./fts5-token";
import {
  CANDIDATES,
  type FoundRow,
  hits,
  plan,
  searchTerms,
  shapes,
  token,
  type VerdictRow,
} from "./kb-search";
import type { KbEntry, KbSource, KbStore, NewKbEntry } from "./kb-store";
import { terms } from "./terms";

/** bm25(kb_fts, 1.0, 0.4, 0.5): the weights of the words, chars and answer columns. */
const WEIGHTS = [1.0, 0.4, 0.5];
const K1 = 1.2;
const B = 0.75;

/** A question's index tokens per column, with their counts. */
function indexTokens(botId: number, question: string, answer: readonly MessageItem[]) {
  const t = terms(question);
  const columns = [t.words, t.chars, terms(answerText(answer)).words];
  const rows: { col: number; term: string; count: number }[] = [];
  let tokens = 0;
  columns.forEach((list, col) => {
    const counts = new Map<string, number>();
    for (const term of list) {
      const tok = fts5Token(token(botId, term));
      counts.set(tok, (counts.get(tok) ?? 0) + 1);
    }
    tokens += list.length;
    for (const [term, count] of counts) rows.push({ col, term, count });
  });
  return { rows, tokens };
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Indexes every question from its text and its entry's answer (kb_terms and the token
 * count): for questions written without their index, by `kefu db copy` from SQLite.
 */
export async function indexPgKb(tx: PgExec): Promise<void> {
  const questions = await tx
    .select({
      id: kbQuestions.id,
      text: kbQuestions.text,
      botId: kbEntries.botId,
      answer: kbEntries.answer,
    })
    .from(kbQuestions)
    .innerJoin(kbEntries, eq(kbEntries.id, kbQuestions.entryId));
  for (const q of questions) {
    const { rows, tokens } = indexTokens(q.botId, q.text, JSON.parse(q.answer) as MessageItem[]);
    await tx.update(kbQuestions).set({ tokens }).where(eq(kbQuestions.id, q.id));
    if (rows.length > 0) {
      await tx
        .insert(kbTerms)
        .values(rows.map((r) => ({ ...r, questionId: q.id, botId: q.botId })));
    }
  }
}

export function createPgKbStore(db: PgExec): KbStore {
  const shaped = shapes();

  async function insertQuestions(tx: PgExec, botId: number, entryId: number, entry: NewKbEntry) {
    for (const text of entry.questions) {
      const { rows, tokens } = indexTokens(botId, text, entry.answer);
      const [q] = await tx
        .insert(kbQuestions)
        .values({ entryId, text, tokens })
        .returning({ id: kbQuestions.id });
      if (!q || rows.length === 0) continue;
      await tx.insert(kbTerms).values(rows.map((r) => ({ ...r, questionId: q.id, botId })));
    }
  }

  async function entryRows(conn: PgExec, botId: number, ids: number[]) {
    if (ids.length === 0) return [];
    return conn
      .select()
      .from(kbEntries)
      .where(and(eq(kbEntries.botId, botId), inArray(kbEntries.id, ids)))
      .orderBy(asc(kbEntries.id));
  }

  async function load(conn: PgExec, rows: (typeof kbEntries.$inferSelect)[]): Promise<KbEntry[]> {
    if (rows.length === 0) return [];
    const questions = await conn
      .select({ entryId: kbQuestions.entryId, text: kbQuestions.text })
      .from(kbQuestions)
      .where(
        inArray(
          kbQuestions.entryId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(kbQuestions.id));
    const byEntry = new Map<number, string[]>();
    for (const q of questions) byEntry.set(q.entryId, [...(byEntry.get(q.entryId) ?? []), q.text]);
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

  async function insertEntry(
    tx: PgExec,
    botId: number,
    source: KbSource,
    entry: NewKbEntry,
    learned: { key: string; userid: string } | null,
    now: number,
  ): Promise<number> {
    const [row] = await tx
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
      .returning({ id: kbEntries.id });
    if (!row) throw new Error("kb_entries insert returned no row");
    await insertQuestions(tx, botId, row.id, entry);
    return row.id;
  }

  // Questions go with their entry (ON DELETE CASCADE), and their terms with them.
  const removeEntry = (tx: PgExec, botId: number, id: number) =>
    tx.delete(kbEntries).where(and(eq(kbEntries.id, id), eq(kbEntries.botId, botId)));

  /** How many of the bot's question rows hold each token. */
  async function documentCounts(botId: number, tokens: string[]): Promise<Map<string, number>> {
    if (tokens.length === 0) return new Map();
    const rows = await db
      .select({ term: kbTerms.term, n: sql<string>`count(DISTINCT ${kbTerms.questionId})` })
      .from(kbTerms)
      .where(and(eq(kbTerms.botId, botId), inArray(kbTerms.term, tokens)))
      .groupBy(kbTerms.term);
    return new Map(rows.map((r) => [r.term, num(r.n)]));
  }

  /**
   * FTS5's bm25() over the rows holding any of the kept tokens: its IDF from the rows of
   * the whole index and their average length, as FTS5 counts them; the best CANDIDATES.
   */
  async function candidates(
    botId: number,
    kept: string[],
    hitsOf: Map<string, number>,
  ): Promise<FoundRow[]> {
    const [all] = await db
      .select({
        rows: sql<string>`count(*)`,
        tokens: sql<string>`coalesce(sum(${kbQuestions.tokens}), 0)`,
      })
      .from(kbQuestions);
    const nRow = num(all?.rows);
    const avgdl = nRow > 0 ? num(all?.tokens) / nRow : 0;
    const postings = await db
      .select({
        id: kbTerms.questionId,
        col: kbTerms.col,
        term: kbTerms.term,
        count: kbTerms.count,
        tokens: kbQuestions.tokens,
      })
      .from(kbTerms)
      .innerJoin(kbQuestions, eq(kbQuestions.id, kbTerms.questionId))
      .where(and(eq(kbTerms.botId, botId), inArray(kbTerms.term, [...new Set(kept)])));
    const freq = new Map<number, { tokens: number; byTerm: Map<string, number> }>();
    for (const p of postings) {
      const row = freq.get(p.id) ?? { tokens: p.tokens, byTerm: new Map<string, number>() };
      row.byTerm.set(p.term, (row.byTerm.get(p.term) ?? 0) + (WEIGHTS[p.col] ?? 0) * p.count);
      freq.set(p.id, row);
    }
    const scored = [...freq].map(([id, row]) => {
      let score = 0;
      // Each kept term is one phrase of FTS5's query, a repeated one counted again.
      for (const term of kept) {
        const w = row.byTerm.get(term) ?? 0;
        if (w === 0) continue;
        const nHit = hitsOf.get(term) ?? 0;
        const idf = Math.log((nRow - nHit + 0.5) / (nHit + 0.5));
        const lengthPart = avgdl > 0 ? row.tokens / avgdl : 0;
        score += ((idf > 0 ? idf : 1e-6) * (w * (K1 + 1))) / (w + K1 * (1 - B + B * lengthPart));
      }
      return { id, score };
    });
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    const best = scored.slice(0, CANDIDATES);
    if (best.length === 0) return [];
    const rows = await db
      .select({
        id: kbQuestions.id,
        entryId: kbQuestions.entryId,
        question: kbQuestions.text,
        source: kbEntries.source,
        answer: kbEntries.answer,
      })
      .from(kbQuestions)
      .innerJoin(kbEntries, eq(kbEntries.id, kbQuestions.entryId))
      .where(
        and(
          eq(kbEntries.botId, botId),
          inArray(
            kbQuestions.id,
            best.map((b) => b.id),
          ),
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return best.flatMap((b) => {
      const r = byId.get(b.id);
      return r
        ? [
            {
              entryId: r.entryId,
              question: r.question,
              source: r.source,
              score: b.score,
              answer: r.answer,
            },
          ]
        : [];
    });
  }

  return {
    async add(botId, entries, replace, now) {
      return db.transaction(async (tx) => {
        if (replace) {
          await tx
            .delete(kbEntries)
            .where(and(eq(kbEntries.botId, botId), eq(kbEntries.source, "curated")));
        }
        const ids: number[] = [];
        for (const e of entries) ids.push(await insertEntry(tx, botId, "curated", e, null, now));
        return load(tx, await entryRows(tx, botId, ids));
      });
    },

    async update(botId, id, entry, now) {
      return db.transaction(async (tx) => {
        const [updated] = await tx
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
          .returning({ id: kbEntries.id });
        if (!updated) return null;
        await tx.delete(kbQuestions).where(eq(kbQuestions.entryId, id));
        await insertQuestions(tx, botId, id, entry);
        return (await load(tx, await entryRows(tx, botId, [id])))[0] ?? null;
      });
    },

    async remove(botId, id) {
      const gone = await removeEntry(db, botId, id).returning({ id: kbEntries.id });
      return gone.length > 0;
    },

    async get(botId, id) {
      return (await load(db, await entryRows(db, botId, [id])))[0] ?? null;
    },

    async list(botId, options) {
      const rows = await db
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
        .limit(options.limit);
      return load(db, rows);
    },

    async search(botId, question, limit) {
      const tokenOf = (term: string) => fts5Token(token(botId, term));
      const counts = await documentCounts(botId, searchTerms(question).map(tokenOf));
      const [total] = await db
        .select({ n: sql<string>`count(*)` })
        .from(kbQuestions)
        .innerJoin(kbEntries, eq(kbEntries.id, kbQuestions.entryId))
        .where(eq(kbEntries.botId, botId));
      const rowsWith = (term: string) => counts.get(tokenOf(term)) ?? 0;
      const { query, kept } = plan(question, num(total?.n), rowsWith);
      if (kept.length === 0) return [];
      const found = await candidates(botId, kept.map(tokenOf), counts);
      const ids = [...new Set(found.map((r) => r.entryId))];
      const verdicts: VerdictRow[] =
        ids.length === 0
          ? []
          : await db
              .select({
                entryId: kbFeedback.entryId,
                question: kbFeedback.question,
                verdict: kbFeedback.verdict,
              })
              .from(kbFeedback)
              .where(and(eq(kbFeedback.botId, botId), inArray(kbFeedback.entryId, ids)))
              .orderBy(sql`${kbFeedback.id} DESC`)
              .limit(1000);
      return hits(query, found, verdicts, shaped, limit);
    },

    async feedback(botId, entryId, question, verdict, now, userid) {
      await db.transaction(async (tx) => {
        if ((await entryRows(tx, botId, [entryId])).length === 0) return;
        await tx
          .insert(kbFeedback)
          .values({ botId, entryId, question, userid, verdict, createdAt: now });
      });
    },

    async miss(botId, userid, question, reply, now) {
      const at = and(
        eq(kbMisses.botId, botId),
        eq(kbMisses.userid, userid),
        eq(kbMisses.question, question),
      );
      if (reply === null) {
        await db.delete(kbMisses).where(at);
        return;
      }
      const row = { reply: JSON.stringify(reply), createdAt: now };
      await db
        .insert(kbMisses)
        .values({ botId, userid, question, ...row })
        .onConflictDoUpdate({
          target: [kbMisses.botId, kbMisses.userid, kbMisses.question],
          set: row,
        });
    },

    async misses(botId, since, limit) {
      const rows = await db
        .select()
        .from(kbMisses)
        .where(and(eq(kbMisses.botId, botId), gte(kbMisses.createdAt, since)))
        .orderBy(desc(kbMisses.createdAt), desc(kbMisses.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        question: r.question,
        reply: JSON.parse(r.reply) as MessageItem[],
        createdAt: r.createdAt,
      }));
    },

    async dropMisses(botId, ids) {
      if (ids.length === 0) return;
      await db.delete(kbMisses).where(and(eq(kbMisses.botId, botId), inArray(kbMisses.id, ids)));
    },

    async learn(botId, question, answer, now, userid) {
      const key = terms(question).words.join(" ");
      if (!key || answer.length === 0) return;
      await db.transaction(async (tx) => {
        // Learnings of one question wait for each other (other nodes' too): two that both
        // deleted nothing would both insert, and the second meet the unique index.
        await tx.execute(
          sql`SELECT pg_advisory_xact_lock(hashtextextended(${`kb-learn:${botId}:${key}`}, 0))`,
        );
        await tx
          .delete(kbEntries)
          .where(and(eq(kbEntries.botId, botId), eq(kbEntries.learnedKey, key)));
        const entry = { questions: [question], answer };
        await insertEntry(tx, botId, "learned", entry, { key, userid }, now);
      });
    },
  };
}
