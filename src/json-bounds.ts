// Bounds on JSON that clients send: how deep it nests, how large one stored value is, and
// that its strings are valid Unicode without NUL. JSON.parse accepts any depth, but JSON.stringify and
// every recursive reader after it overflow the stack somewhere past 40,000 levels, and
// SQLite turns a lone surrogate into U+FFFD, so two ids would become one. Checked where input
// arrives, so nothing that cannot be written out again is ever stored.
import type { ZodType } from "zod";

/** One stored or forwarded JSON value: an item's value, a profile, a bot's pushed frame. */
export const VALUE_BOUNDS = { depth: 32, bytes: 65_536 } as const;

/** A whole frame or request body carries such values a few levels down. */
export const BODY_DEPTH = 64;

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/** An object or array still to look into, and how it was reached. */
interface Visit {
  value: object;
  depth: number;
  key: string | number | null;
  up: Visit | null;
}

function pathOf(v: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | null = v; at?.key != null; at = at.up) path.unshift(at.key);
  return path;
}

export const NOT_UNICODE = "not valid Unicode (a lone surrogate)";
/** PostgreSQL's text cannot hold U+0000, so neither engine takes it: a desk moves as it is. */
export const HAS_NUL = "holds a NUL character (U+0000)";

/** What is wrong with a string kefu would store, or null. */
export const stringProblem = (s: string): string | null =>
  !s.isWellFormed() ? NOT_UNICODE : s.includes("\0") ? HAS_NUL : null;

/**
 * The first thing wrong with a parsed JSON value, or null: an object or array nested deeper
 * than `maxDepth` (the top one is level 1), or a string or key that is not valid Unicode,
 * with the path to it. Walks with its own stack, so any depth is safe to look at.
 */
export function jsonProblem(value: unknown, maxDepth: number): JsonProblem | null {
  if (typeof value === "string") {
    const message = stringProblem(value);
    return message ? { path: [], message } : null;
  }
  if (typeof value !== "object" || value === null) return null;
  const stack: Visit[] = [{ value, depth: 1, key: null, up: null }];
  /** A member of `v`: a string is checked now, an object or array later. */
  const look = (v: Visit, key: string | number, item: unknown): JsonProblem | null => {
    if (typeof item === "string") {
      const message = stringProblem(item);
      return message ? { path: [...pathOf(v), key], message } : null;
    }
    if (typeof item === "object" && item !== null) {
      stack.push({ value: item, depth: v.depth + 1, key, up: v });
    }
    return null;
  };
  for (let v = stack.pop(); v; v = stack.pop()) {
    // Named by its top field: the path to the bottom may be as long as the body.
    if (v.depth > maxDepth) {
      return { path: pathOf(v).slice(0, 1), message: `nested deeper than ${maxDepth} levels` };
    }
    let problem: JsonProblem | null = null;
    if (Array.isArray(v.value)) {
      const items: unknown[] = v.value;
      for (let i = 0; i < items.length && !problem; i++) problem = look(v, i, items[i]);
    } else {
      for (const key in v.value) {
        const wrong = stringProblem(key);
        if (wrong === NOT_UNICODE) return { path: pathOf(v), message: `a key is ${wrong}` };
        if (wrong) return { path: pathOf(v), message: `a key ${wrong}` };
        problem = look(v, key, (v.value as Record<string, unknown>)[key]);
        if (problem) break;
      }
    }
    if (problem) return problem;
  }
  return null;
}

/** "path: message", or the message alone for the top. */
export const describeJsonProblem = (p: JsonProblem) =>
  p.path.length ? `${p.path.join(".")}: ${p.message}` : p.message;

/**
 * A schema for a JSON value that kefu stores or forwards as given: also no deeper than
 * VALUE_BOUNDS.depth, valid Unicode throughout, and no larger than `maxBytes` written out
 * (null: a value only passed on, whose size the frame or body limit already bounds).
 */
export function boundedJson<T extends ZodType>(
  schema: T,
  maxBytes: number | null = VALUE_BOUNDS.bytes,
): T {
  return schema.superRefine((value, ctx) => {
    const problem = jsonProblem(value, VALUE_BOUNDS.depth);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
      return;
    }
    if (maxBytes !== null && Buffer.byteLength(JSON.stringify(value) ?? "") > maxBytes) {
      ctx.addIssue({ code: "custom", message: `over ${maxBytes} bytes as JSON` });
    }
  });
}
