import { expect, test } from "bun:test";
import { SignalGate } from "./signal-gate";

test("typing passes once per interval while it lasts, and stopped once after it", () => {
  const gate = new SignalGate(3000);
  expect(gate.typing("a:u", true, 0)).toBe(true);
  expect(gate.typing("a:u", true, 1000)).toBe(false);
  expect(gate.typing("b:u", true, 1000)).toBe(true);
  expect(gate.typing("a:u", true, 3000)).toBe(true);
  expect(gate.typing("a:u", false, 3100)).toBe(true);
  expect(gate.typing("a:u", false, 3200)).toBe(false);
  expect(gate.typing("a:u", true, 3300)).toBe(true);
});

test("a read mark passes only when it moves forward", () => {
  const gate = new SignalGate(3000);
  expect(gate.read("a:u", 10)).toBe(true);
  expect(gate.read("a:u", 10)).toBe(false);
  expect(gate.read("a:u", 9)).toBe(false);
  expect(gate.read("a:u", 11)).toBe(true);
});
