// How far each clock-driven sweep has got, kept in the database so that a restart, or
// another node, goes on where the last run stopped.

export interface SweepStore {
  /** The progress the sweep `name` last recorded; null before its first record. */
  progress(name: string): Promise<number | null>;
  /**
   * Records `to` as the sweep's progress if it is still `from` (null: nothing recorded
   * yet); false if another runner recorded something first.
   */
  advance(name: string, from: number | null, to: number): Promise<boolean>;
}
