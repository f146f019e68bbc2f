// One clock for every bench process: wall time in milliseconds with sub-millisecond
// precision, so a timestamp written by one process can be compared in another.
export const now = (): number => performance.timeOrigin + performance.now();
