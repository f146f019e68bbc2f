// Unit test: frames_out labels stay within the known methods and pushes.
import { expect, test } from "bun:test";
import { frameLabel } from "./frame-label";

test("known methods, pushes and beat keep their name", () => {
  for (const m of ["login", "get_wait_user_list", "wait_list_push", "note_push", "beat"]) {
    expect(frameLabel(m)).toBe(m);
  }
});

test("anything else is 'other', and a frame without a method is 'invalid'", () => {
  expect(frameLabel("fly")).toBe("other");
  expect(frameLabel("toString")).toBe("other");
  expect(frameLabel("__proto__")).toBe("other");
  expect(frameLabel(undefined)).toBe("invalid");
  expect(frameLabel(7)).toBe("invalid");
});
