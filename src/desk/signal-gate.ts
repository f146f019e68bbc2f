// Which typing and read signals are worth passing on. A keystroke-driven "typing" arrives
// many times a second; the bot needs one now and then while it lasts and one "stopped". A
// read mark matters only when it moves forward. In memory: a signal lost to a restart is
// sent again by the next keystroke or read.
const MAX_KEYS = 10_000;

export class SignalGate {
  private readonly typingSince = new Map<string, number>();
  private readonly readTo = new Map<string, number>();

  constructor(private readonly typingEveryMs: number) {}

  /** Typing: at most once per interval while it lasts; stopped: once, after a typing. */
  typing(key: string, typing: boolean, nowMs: number): boolean {
    const last = this.typingSince.get(key);
    if (!typing) return this.typingSince.delete(key);
    if (last !== undefined && nowMs - last < this.typingEveryMs) return false;
    this.remember(this.typingSince, key, nowMs);
    return true;
  }

  /** A read mark passes if it is beyond the last one passed for the key. */
  read(key: string, upTo: number): boolean {
    const last = this.readTo.get(key);
    if (last !== undefined && upTo <= last) return false;
    this.remember(this.readTo, key, upTo);
    return true;
  }

  private remember(map: Map<string, number>, key: string, value: number): void {
    // Bounded: past the cap the oldest entries go (a Map iterates in insertion order).
    if (!map.has(key) && map.size >= MAX_KEYS) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.delete(key);
    map.set(key, value);
  }
}
