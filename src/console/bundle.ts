// Runs at bundle time (imported `with { type: "macro" }`): bundles the console's and the
// playground's scripts for the browser and reads the pages and the style sheet, so the
// server, and the compiled executable, carry them as strings and need no file beside them.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dir;
const read = (name: string) => readFileSync(join(here, name), "utf8");

/** Bun.build cannot run inside a macro (the bundler waits on it), so the CLI does it. */
function browserBundle(entry: string): string {
  const out = Bun.spawnSync([
    process.execPath,
    "build",
    join(here, entry),
    "--target=browser",
    "--format=esm",
    "--minify",
  ]);
  if (!out.success) throw new Error(`the console does not bundle: ${out.stderr.toString()}`);
  return out.stdout.toString();
}

export function bundleConsole() {
  return {
    consoleJs: browserBundle("main.ts"),
    playgroundJs: browserBundle("playground.ts"),
    // The workbench's rules (files, typing, alerts) sit in their own sheet, after the base.
    css: read("console.css") + read("workbench.css"),
    consoleHtml: read("console.html"),
    playgroundHtml: read("playground.html"),
  };
}
