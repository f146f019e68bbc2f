import { expect, test } from "bun:test";
import { newEventRanges } from "./event-marks";

test("only bots with events past their mark give a range, a new bot from its first event", () => {
  const after = new Map([
    [1, 5],
    [2, 9],
  ]);
  const last = new Map([
    [1, 7],
    [2, 9],
    [3, 2],
  ]);
  expect(newEventRanges(after, last)).toEqual([
    { botId: 1, after: 5, last: 7 },
    { botId: 3, after: 0, last: 2 },
  ]);
});
