// The shape of one bench scenario: what it measures and how to run it once on one target.
import type { RunOptions } from "./harness";
import type { TargetName } from "./targets";

export interface Metric {
  key: string;
  label: string;
  unit: string;
  better: "higher" | "lower";
  /** Figures shown but not compared with the baselines (kefu's own targets, counts). */
  plain?: boolean;
}

export type Figures = Record<string, number>;

export interface Scenario {
  name: string;
  title: string;
  metrics: Metric[];
  /** Left out of a run of every scenario: runs only when named (the soak's long minutes). */
  onlyByName?: boolean;
  run(target: TargetName, opts: RunOptions): Promise<Figures>;
}
