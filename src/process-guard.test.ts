// Unit test: an error that no request caught is logged and counted, and the process goes on.
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { guardProcess, unhandledErrors } from "./process-guard";

let unguard = () => {};
afterEach(() => unguard());

test("an unhandled rejection and an uncaught exception are logged and counted", () => {
  const logged: unknown[][] = [];
  unguard = guardProcess((...args) => logged.push(args));
  const before = unhandledErrors();
  const reason = new RangeError("Maximum call stack size exceeded.");
  process.emit("unhandledRejection", reason, Promise.resolve());
  process.emit("uncaughtException", new Error("boom"));
  expect(unhandledErrors()).toBe(before + 2);
  expect(logged.map((l) => l[0])).toEqual([
    "kefu: unhandled rejection:",
    "kefu: uncaught exception:",
  ]);
  expect(logged[0]?.[1]).toBe(reason);
});

test("the function it returns removes both handlers", () => {
  const rejections = process.listeners("unhandledRejection").length;
  const exceptions = process.listeners("uncaughtException").length;
  guardProcess(() => {})();
  expect(process.listeners("unhandledRejection")).toHaveLength(rejections);
  expect(process.listeners("uncaughtException")).toHaveLength(exceptions);
});

test("a guarded process outlives a rejected promise that nobody awaits", async () => {
  const guard = join(import.meta.dir, "process-guard.ts");
  const script = `
    const { guardProcess, unhandledErrors } = await import(${JSON.stringify(guard)});
    guardProcess(() => {});
    Promise.reject(new Error("nobody awaits this"));
    setTimeout(() => console.log("still serving, caught " + unhandledErrors()), 50);
  `;
  const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  expect(out.trim()).toBe("still serving, caught 1");
  expect(code).toBe(0);
});
