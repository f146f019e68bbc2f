// Unit tests of the routing rule (CONTRACT.md, "Routing").
import { describe, expect, test } from "bun:test";
import { acceptsAutomatic, chooseAgent } from "./routing";

const load = (agentId: number, active: number, maxSessions = 5, lastAssignedAt = 0) => ({
  agentId,
  active,
  maxSessions,
  lastAssignedAt,
});

describe("chooseAgent", () => {
  test("nobody to choose from", () => {
    expect(chooseAgent([], null)).toBeNull();
  });
  test("least loaded first", () => {
    expect(chooseAgent([load(1, 3), load(2, 1), load(3, 2)], null)).toBe(2);
  });
  test("equal load: the one who waited longest since its last assignment", () => {
    expect(chooseAgent([load(1, 1, 5, 300), load(2, 1, 5, 100), load(3, 1, 5, 200)], null)).toBe(2);
  });
  test("full agents are skipped", () => {
    expect(chooseAgent([load(1, 5, 5), load(2, 2, 2)], null)).toBeNull();
    expect(chooseAgent([load(1, 5, 5), load(2, 4, 5)], null)).toBe(2);
  });
  test("never back to the agent who gave the user up", () => {
    expect(chooseAgent([load(1, 0), load(2, 3)], 1)).toBe(2);
    expect(chooseAgent([load(1, 0)], 1)).toBeNull();
  });
  test("a full tie is broken by the lower id, so the choice is stable", () => {
    expect(chooseAgent([load(7, 0), load(4, 0)], null)).toBe(4);
  });
});

describe("acceptsAutomatic", () => {
  test("only status 1 with auto-connect on", () => {
    expect(acceptsAutomatic({ status: 1, autoConnect: true })).toBe(true);
    expect(acceptsAutomatic({ status: 1, autoConnect: false })).toBe(false);
    expect(acceptsAutomatic({ status: 2, autoConnect: true })).toBe(false);
    expect(acceptsAutomatic({ status: 3, autoConnect: true })).toBe(false);
    expect(acceptsAutomatic({ status: 0, autoConnect: true })).toBe(false);
  });
});
