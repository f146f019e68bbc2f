// Unit test: the usage table and the handlers name the same commands and subcommands, and
// every flag the table lists is one the parser knows.
import { expect, test } from "bun:test";
import { OPTIONS } from "./args";
import { HANDLERS } from "./commands";
import { COMMANDS, helpOf } from "./usage";

test("every subcommand in the help has a handler, and every handler is in the help", () => {
  const inHelp = Object.entries(COMMANDS).flatMap(([c, h]) => h.subs.map((s) => `${c} ${s.name}`));
  const handled = Object.entries(HANDLERS).flatMap(([c, subs]) =>
    Object.keys(subs).map((s) => `${c} ${s}`),
  );
  expect(handled.sort()).toEqual(inHelp.sort());
});

test("every flag in the help is a flag the parser knows", () => {
  for (const c of Object.values(COMMANDS)) {
    for (const s of c.subs) for (const f of s.flags) expect(Object.keys(OPTIONS)).toContain(f.flag);
  }
});

test("each subcommand's help has its flags, their defaults and an example", () => {
  const text = helpOf("agent", "create");
  expect(text).toContain(
    "kefu agent create --bid N --name NAME [--head-img URL] [--max-sessions N]",
  );
  expect(text).toMatch(/--max-sessions N +users served at once; default: 5/);
  expect(text).toMatch(/--bid N +the bot; required/);
  expect(text).toContain("example: kefu agent create --bid 1");
  expect(text).not.toContain("kefu agent list");
});
