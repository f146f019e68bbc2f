// kefu's benchmarks: `bun run bench [scenario...] [--quick] [--rounds N] [--targets a,b]
// [--cpu-prof] [--minutes N]`. Every scenario runs on kefu and on the baselines in turn
// (A B C A B C), each run on a fresh server process; the table quotes the medians of the
// rounds. The soak runs only when named, for `--minutes` (10 by default).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Figures, Scenario } from "./lib/scenario";
import { median } from "./lib/stats";
import { DEFAULT_TARGETS, ensureNodeBaseline, ROOT, TARGETS, type TargetName } from "./lib/targets";
import { agentReplies } from "./scenarios/agent-replies";
import { connections } from "./scenarios/connections";
import { fanOut } from "./scenarios/fan-out";
import { queueChurn } from "./scenarios/queue-churn";
import { soak } from "./scenarios/soak";
import { startUp } from "./scenarios/start-up";
import { userMessages } from "./scenarios/user-messages";

const SCENARIOS: Scenario[] = [
  connections,
  userMessages,
  agentReplies,
  fanOut,
  queueChurn,
  soak,
  startUp,
];
/** Open files the 10,000 connections need in one process, with room to spare. */
const NEEDED_FILES = 12_000;

function openFilesLimit(): { soft: number; hard: number } {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((l) => l.startsWith("Max open files"));
  const [soft, hard] = (line?.match(/(\d+|unlimited)/g) ?? []).map((v) =>
    v === "unlimited" ? Number.POSITIVE_INFINITY : Number(v),
  );
  return { soft: soft ?? 0, hard: hard ?? 0 };
}

/** Re-runs this process with the open-files limit raised (children inherit it); null if not needed. */
function raiseOpenFiles(): number | null {
  const { soft, hard } = openFilesLimit();
  if (soft >= NEEDED_FILES || process.env.KEFU_BENCH_RAISED) return null;
  if (hard < NEEDED_FILES) {
    console.warn(`bench: open files limited to ${hard}; scenario 1 needs ${NEEDED_FILES}`);
  }
  const to = Number.isFinite(hard) ? hard : NEEDED_FILES * 2;
  const r = Bun.spawnSync(
    ["sh", "-c", `ulimit -n ${to} && exec "$@"`, "sh", process.execPath, ...process.argv.slice(1)],
    { stdio: ["inherit", "inherit", "inherit"], env: { ...process.env, KEFU_BENCH_RAISED: "1" } },
  );
  return r.exitCode ?? 1;
}

const fmt = (v: number | undefined) => {
  if (v === undefined || Number.isNaN(v)) return "—";
  if (Number.isInteger(v) || Math.abs(v) >= 100) return v.toFixed(0);
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
};

function table(results: Map<string, Map<TargetName, Figures[]>>, targets: TargetName[]): string {
  const lines: string[] = [];
  const others = targets.filter((t) => t !== "kefu");
  const header = ["scenario / figure", ...targets, ...others.map((t) => `kefu ÷ ${t}`)];
  lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`);
  for (const s of SCENARIOS) {
    const byTarget = results.get(s.name);
    if (!byTarget) continue;
    lines.push(`| **${s.title}** |${" |".repeat(header.length - 1)}`);
    for (const m of s.metrics) {
      const med = (t: TargetName) => {
        const runs = byTarget.get(t) ?? [];
        return runs.length ? median(runs.map((f) => f[m.key] ?? Number.NaN)) : undefined;
      };
      const k = med("kefu");
      const ratios = others.map((t) => {
        const b = med(t);
        return m.plain || k === undefined || b === undefined ? "" : `${fmt(k / b)}×`;
      });
      const unit = m.unit ? ` (${m.unit}${m.better === "higher" ? ", more is better" : ""})` : "";
      const cells = [`${m.label}${unit}`, ...targets.map((t) => fmt(med(t))), ...ratios];
      lines.push(`| ${cells.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const raised = raiseOpenFiles();
  if (raised !== null) return raised;
  const { values, positionals } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      targets: { type: "string", default: DEFAULT_TARGETS.join(",") },
      "cpu-prof": { type: "boolean", default: false },
      sync: { type: "string", default: "full" },
      table: { type: "boolean", default: false },
      minutes: { type: "string" },
    },
    allowPositionals: true,
  });
  const chosen = positionals.length
    ? SCENARIOS.filter((s) => positionals.includes(s.name))
    : SCENARIOS.filter((s) => !s.onlyByName);
  const unknown = positionals.filter((p) => !SCENARIOS.some((s) => s.name === p));
  if (unknown.length) {
    console.error(
      `bench: unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`,
    );
    return 2;
  }
  const targets = (values.targets ?? "")
    .split(",")
    .filter((t): t is TargetName => TARGETS.includes(t as TargetName));
  const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
  const out = join(ROOT, ".bench");
  if (values.table) {
    // Prints the table again from the last run's figures.
    const saved = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      results: Record<string, Partial<Record<TargetName, Figures[]>>>;
    };
    const results = new Map(
      Object.entries(saved.results).map(([k, v]) => [
        k,
        new Map(Object.entries(v) as [TargetName, Figures[]][]),
      ]),
    );
    console.log(table(results, targets));
    return 0;
  }
  mkdirSync(out, { recursive: true });
  const opts = {
    quick: values.quick ?? false,
    ...(values["cpu-prof"] ? { cpuProfDir: join(out, "profiles") } : {}),
    ...(values.minutes ? { minutes: Number(values.minutes) } : {}),
  };
  if (values.minutes !== undefined && !(Number(values.minutes) >= 1)) {
    console.error("bench: --minutes is a number of minutes, 1 or more");
    return 2;
  }
  if (values.sync !== "full" && values.sync !== "normal") {
    console.error("bench: --sync is full or normal");
    return 2;
  }
  process.env.KEFU_SYNC = values.sync;
  if (targets.includes("node")) ensureNodeBaseline();

  const started = Date.now();
  const results = new Map<string, Map<TargetName, Figures[]>>();
  for (const s of chosen) {
    const byTarget = new Map<TargetName, Figures[]>();
    results.set(s.name, byTarget);
    for (let round = 1; round <= rounds; round++) {
      for (const t of targets) {
        const t0 = Date.now();
        const figures = await s.run(t, opts);
        byTarget.set(t, [...(byTarget.get(t) ?? []), figures]);
        const shown = Object.entries(figures)
          .map(([k, v]) => `${k}=${fmt(v)}`)
          .join(" ");
        console.log(
          `${s.name} round ${round} ${t}: ${shown} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
      }
    }
  }
  const md = table(results, targets);
  const stamp = new Date().toISOString();
  writeFileSync(
    join(out, "results.json"),
    JSON.stringify(
      {
        stamp,
        rounds,
        opts,
        results: Object.fromEntries([...results].map(([k, v]) => [k, Object.fromEntries(v)])),
      },
      null,
      2,
    ),
  );
  writeFileSync(join(out, "results.md"), `${md}\n`);
  console.log(
    `\n${md}\n\n${rounds} round(s), medians; ${((Date.now() - started) / 1000).toFixed(0)} s. Saved in .bench/results.{md,json}.`,
  );
  return 0;
}

process.exit(await main());
