// docs/protocol.md and docs/operations.md stay the readable guide and may not contradict
// GET /asyncapi.json: every frame their examples show is valid as its message there.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asyncapiDocument } from "../src/asyncapi/document";
import { type AsyncApiDoc, FrameChecker } from "./helpers/asyncapi-frames";

const DOCS = join(import.meta.dir, "..", "docs");

/** The frames of a page's JSON examples: a block holds one, or several on lines of their own. */
function examples(page: string): Record<string, unknown>[] {
  const md = readFileSync(join(DOCS, page), "utf8");
  return [...md.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((block) => {
    const text = block[1] ?? "";
    const values: unknown[] = text.trim().startsWith("{\n")
      ? [JSON.parse(text)]
      : text
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line));
    // An HTTP answer or an event has no `method`: it is http-api.md's, not the protocol's.
    return values.filter((v): v is Record<string, unknown> => Object.hasOwn(Object(v), "method"));
  });
}

test.each(["protocol.md", "operations.md"])(
  "every frame %s shows is valid in the document",
  (page) => {
    const check = new FrameChecker(JSON.parse(JSON.stringify(asyncapiDocument())) as AsyncApiDoc);
    const frames = examples(page);
    expect(frames.length).toBeGreaterThan(5);
    const wrong = frames.flatMap((f) => {
      // What kefu sends carries `msg` (a reply) or is a push; a request has neither.
      const received = Object.hasOwn(f, "msg") || String(f.method).endsWith("_push");
      const message = check.messageOf({
        way: received ? "received" : "sent",
        raw: JSON.stringify(f),
      });
      const problem = check.problems(message, f);
      return problem ? [`${message}: ${problem}: ${JSON.stringify(f)}`] : [];
    });
    expect(wrong).toEqual([]);
  },
);
