// The directions imports may take between src/'s folders (issue 13): the wire shapes are
// the bottom layer, the domain types (model/) stand on the wire's types alone, the store
// knows only those and secrets, the desk knows nothing of the protocol, the HTTP API
// nothing of the WebSocket dispatcher, and the console takes only types from the server.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = join(import.meta.dir, "..", "src");

/** Each source file under `folder` (tests beside the code left out), as a path under src/. */
function sources(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => join(folder, f));
}

/** Every module a file names in an import or export, type-only ones included, under src/. */
function importsOf(file: string): string[] {
  const code = readFileSync(join(SRC, file), "utf8");
  const specifiers = [...code.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map(
    (m) => m[1] ?? "",
  );
  return specifiers
    .filter((s) => s.startsWith("."))
    .map((s) => relative(SRC, resolve(dirname(join(SRC, file)), s)));
}

/** The imports that stay in the bundle once types are erased. */
function runtimeImportsOf(file: string): string[] {
  const code = readFileSync(join(SRC, file), "utf8");
  return new Bun.Transpiler({ loader: "ts" })
    .scanImports(code)
    .map((i) => i.path)
    .filter((s) => s.startsWith("."))
    .map((s) => relative(SRC, resolve(dirname(join(SRC, file)), s)));
}

function offending(folder: string, banned: (target: string) => boolean): string[] {
  return sources(folder).flatMap((f) =>
    importsOf(f)
      .filter(banned)
      .map((t) => `${f} -> ${t}`),
  );
}

test("wire/ imports nothing of kefu but json-bounds", () => {
  expect(offending("wire", (t) => !t.startsWith("wire/") && t !== "json-bounds")).toEqual([]);
});

/** Imports of `folder`'s files that survive type erasure and leave for a folder not allowed. */
function runtimeOffending(folder: string, allowed: (target: string) => boolean): string[] {
  return sources(folder).flatMap((f) =>
    runtimeImportsOf(f)
      .filter((t) => !allowed(t))
      .map((t) => `${f} -> ${t}`),
  );
}

test("model/ takes only the wire's types", () => {
  expect(offending("model", (t) => !t.startsWith("model/") && !t.startsWith("wire/"))).toEqual([]);
  expect(runtimeOffending("model", (t) => t.startsWith("model/"))).toEqual([]);
});

// start-error is a leaf (one error class) that a refused database open throws.
const STORE_MAY_USE = new Set(["secrets", "start-error"]);

test("store/ imports only model/, the wire's types and secrets", () => {
  const own = (t: string) => t.startsWith("store/") || t.startsWith("model/");
  expect(
    offending("store", (t) => !own(t) && !t.startsWith("wire/") && !STORE_MAY_USE.has(t)),
  ).toEqual([]);
  expect(runtimeOffending("store", (t) => own(t) || STORE_MAY_USE.has(t))).toEqual([]);
});

test("desk/ and assistant/ do not import protocol/", () => {
  expect(offending("desk", (t) => t.startsWith("protocol/"))).toEqual([]);
  expect(offending("assistant", (t) => t.startsWith("protocol/"))).toEqual([]);
});

test("http/ does not import the WebSocket protocol", () => {
  expect(offending("http", (t) => t.startsWith("protocol/"))).toEqual([]);
});

test("the console takes only types from outside its folder", () => {
  const outside = sources("console").flatMap((f) =>
    runtimeImportsOf(f)
      .filter((t) => !t.startsWith("console/"))
      .map((t) => `${f} -> ${t}`),
  );
  expect(outside).toEqual([]);
});
