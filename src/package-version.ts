// Runs at bundle time (imported `with { type: "macro" }` by version.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dir, "../package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
