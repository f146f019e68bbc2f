// A term as SQLite's FTS5 indexes it with `tokenize = 'porter unicode61 remove_diacritics 2'`
// (migrations/0003_kb_fts.sql): Latin diacritics folded away, then FTS5's own Porter stemmer
// (sqlite's fts5_tokenize.c, ported rule for rule, on the UTF-8 bytes of the whole token,
// bot prefix included). The knowledge base on PostgreSQL indexes these tokens, so a
// question meets the same rows, counted the same way, as on SQLite.

const LATIN = /\p{Script=Latin}/u;
const MARKS = /\p{M}/gu;
/** FTS5_PORTER_MAX_TOKEN: longer tokens are indexed as they are. */
const MAX_BYTES = 64;

const A = "a".charCodeAt(0);
const E = "e".charCodeAt(0);
const I = "i".charCodeAt(0);
const O = "o".charCodeAt(0);
const U = "u".charCodeAt(0);
const Y = "y".charCodeAt(0);
const code = (c: string) => c.charCodeAt(0);

function isVowel(c: number, yIsVowel: boolean): boolean {
  return c === A || c === E || c === I || c === O || c === U || (yIsVowel && c === Y);
}

/** Past one vowel-consonant run from `from` (the index after it), or 0 if there is none. */
function gobbleVC(b: Uint8Array, from: number, n: number, prevCons: boolean): number {
  let cons = prevCons;
  let i = from;
  for (; i < n; i++) {
    cons = !isVowel(b[i] as number, cons);
    if (!cons) break;
  }
  for (i++; i < n; i++) {
    cons = !isVowel(b[i] as number, cons);
    if (cons) return i + 1;
  }
  return 0;
}

const mGt0 = (b: Uint8Array, n: number) => gobbleVC(b, 0, n, false) !== 0;
function mGt1(b: Uint8Array, n: number): boolean {
  const k = gobbleVC(b, 0, n, false);
  return k !== 0 && gobbleVC(b, k, n, true) !== 0;
}
function mEq1(b: Uint8Array, n: number): boolean {
  const k = gobbleVC(b, 0, n, false);
  return k !== 0 && gobbleVC(b, k, n, true) === 0;
}
/** *o: ends consonant-vowel-consonant, the last not w, x or y. */
function oStar(b: Uint8Array, n: number): boolean {
  const last = b[n - 1];
  if (last === code("w") || last === code("x") || last === code("y")) return false;
  let mask = 0;
  let cons = false;
  for (let i = 0; i < n; i++) {
    cons = !isVowel(b[i] as number, cons);
    mask = (mask << 1) + (cons ? 1 : 0);
  }
  return (mask & 7) === 5;
}
function hasVowel(b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (isVowel(b[i] as number, i > 0)) return true;
  return false;
}
const sOrT = (b: Uint8Array, n: number) =>
  (b[n - 1] === code("s") || b[n - 1] === code("t")) && mGt1(b, n);

function endsWith(b: Uint8Array, n: number, suffix: string): boolean {
  if (n <= suffix.length) return false;
  for (let i = 0; i < suffix.length; i++) {
    if (b[n - suffix.length + i] !== suffix.charCodeAt(i)) return false;
  }
  return true;
}

type Rule = [suffix: string, replacement: string, when: (b: Uint8Array, n: number) => boolean];

/**
 * The first rule whose suffix the token ends with (FTS5 groups them by the second-last
 * letter, longest first); it applies if its condition holds of the stem. The new length.
 */
function step(b: Uint8Array, n: number, rules: readonly Rule[]): number {
  for (const [suffix, replacement, when] of rules) {
    if (!endsWith(b, n, suffix)) continue;
    const stem = n - suffix.length;
    if (!when(b, stem)) return n;
    for (let i = 0; i < replacement.length; i++) b[stem + i] = replacement.charCodeAt(i);
    return stem + replacement.length;
  }
  return n;
}

const STEP2: Rule[] = [
  ["ational", "ate", mGt0],
  ["tional", "tion", mGt0],
  ["enci", "ence", mGt0],
  ["anci", "ance", mGt0],
  ["izer", "ize", mGt0],
  ["logi", "log", mGt0],
  ["bli", "ble", mGt0],
  ["alli", "al", mGt0],
  ["entli", "ent", mGt0],
  ["eli", "e", mGt0],
  ["ousli", "ous", mGt0],
  ["ization", "ize", mGt0],
  ["ation", "ate", mGt0],
  ["ator", "ate", mGt0],
  ["alism", "al", mGt0],
  ["iveness", "ive", mGt0],
  ["fulness", "ful", mGt0],
  ["ousness", "ous", mGt0],
  ["aliti", "al", mGt0],
  ["iviti", "ive", mGt0],
  ["biliti", "ble", mGt0],
];
const STEP3: Rule[] = [
  ["icate", "ic", mGt0],
  ["ative", "", mGt0],
  ["alize", "al", mGt0],
  ["iciti", "ic", mGt0],
  ["ical", "ic", mGt0],
  ["ful", "", mGt0],
  ["ness", "", mGt0],
];
const STEP4: Rule[] = [
  ["al", "", mGt1],
  ["ance", "", mGt1],
  ["ence", "", mGt1],
  ["er", "", mGt1],
  ["ic", "", mGt1],
  ["able", "", mGt1],
  ["ible", "", mGt1],
  ["ant", "", mGt1],
  ["ement", "", mGt1],
  ["ment", "", mGt1],
  ["ent", "", mGt1],
  ["ion", "", sOrT],
  ["ou", "", mGt1],
  ["ism", "", mGt1],
  ["ate", "", mGt1],
  ["iti", "", mGt1],
  ["ous", "", mGt1],
  ["ive", "", mGt1],
  ["ize", "", mGt1],
];

/** The rules of one step that share the token's second-last letter, as FTS5's switch does. */
function byPenultimate(rules: readonly Rule[]): Map<number, Rule[]> {
  const map = new Map<number, Rule[]>();
  for (const r of rules) {
    const key = r[0].charCodeAt(r[0].length - 2);
    map.set(key, [...(map.get(key) ?? []), r]);
  }
  return map;
}
const STEPS = [STEP2, STEP3, STEP4].map(byPenultimate);
const apply = (b: Uint8Array, n: number, rules: Map<number, Rule[]>) =>
  step(b, n, rules.get(b[n - 2] as number) ?? []);

function porter(token: string): string {
  const bytes = new TextEncoder().encode(token);
  if (bytes.length > MAX_BYTES || bytes.length < 3) return token;
  const b = new Uint8Array(bytes.length + 1);
  b.set(bytes);
  let n = bytes.length;
  // Step 1a.
  if (b[n - 1] === code("s")) {
    if (endsWith(b, n, "sses") || endsWith(b, n, "ies")) n -= 2;
    else if (b[n - 2] !== code("s")) n -= 1;
  }
  // Step 1b.
  let more = false;
  if (b[n - 2] === E && endsWith(b, n, "eed")) {
    if (mGt0(b, n - 3)) n -= 1;
  } else if (b[n - 2] === E && endsWith(b, n, "ed")) {
    if (hasVowel(b, n - 2)) {
      n -= 2;
      more = true;
    }
  } else if (b[n - 2] === code("n") && endsWith(b, n, "ing")) {
    if (hasVowel(b, n - 3)) {
      n -= 3;
      more = true;
    }
  }
  if (more) {
    const before = n;
    for (const [suffix, longer] of [
      ["at", "ate"],
      ["bl", "ble"],
      ["iz", "ize"],
    ] as const) {
      if (b[n - 2] === suffix.charCodeAt(0) && endsWith(b, n, suffix)) {
        b[n] = longer.charCodeAt(2);
        n += 1;
        break;
      }
    }
    if (n === before) {
      const c = b[n - 1] as number;
      if (
        !isVowel(c, false) &&
        c !== code("l") &&
        c !== code("s") &&
        c !== code("z") &&
        c === b[n - 2]
      ) {
        n -= 1;
      } else if (mEq1(b, n) && oStar(b, n)) {
        b[n] = E;
        n += 1;
      }
    }
  }
  // Step 1c.
  if (b[n - 1] === Y && hasVowel(b, n - 1)) b[n - 1] = I;
  // Steps 2 to 4.
  for (const rules of STEPS) n = apply(b, n, rules);
  // Step 5a.
  if (b[n - 1] === E && (mGt1(b, n - 1) || (mEq1(b, n - 1) && !oStar(b, n - 1)))) n -= 1;
  // Step 5b.
  if (n > 1 && b[n - 1] === code("l") && b[n - 2] === code("l") && mGt1(b, n - 1)) n -= 1;
  return new TextDecoder().decode(b.subarray(0, n));
}

/** Latin letters without their diacritics (é → e), as unicode61's remove_diacritics does. */
function withoutDiacritics(term: string): string {
  let out = "";
  for (const c of term) out += LATIN.test(c) ? c.normalize("NFD").replace(MARKS, "") : c;
  return out;
}

/** The token FTS5 would index for this already segmented, lower-cased term. */
export const fts5Token = (term: string): string => porter(withoutDiacritics(term));
