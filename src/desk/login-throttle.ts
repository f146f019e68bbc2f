// Password logins slow down as they fail, per login name (issue 16), as WebSocket logins do
// per connection (KEFU_LOGIN_BACKOFF_MS): the n-th failure in a row waits first·2^(n-1), up to
// 16 times the first; the fifth locks the name for LOCK_MS, refused without a look at the
// password, so a guesser gets five tries a minute whatever it sends.
const FAILURES_BEFORE_LOCK = 5;
export const LOCK_MS = 60_000;
/** Names remembered at most: a flood of made-up names cannot grow the map without bound. */
const MAX_NAMES = 10_000;

interface Failures {
  count: number;
  until: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly firstMs: number) {}

  private delay(count: number): number {
    return this.firstMs * Math.min(16, 2 ** (count - 1));
  }

  /** Ms until `login` may try again; 0: now. */
  lockedFor(login: string, now: number): number {
    const f = this.failures.get(login);
    if (!f || f.count < FAILURES_BEFORE_LOCK) return 0;
    return Math.max(0, f.until - now);
  }

  /** Counts a failure; returns how long to hold the answer back. */
  failed(login: string, now: number): number {
    const count = (this.failures.get(login)?.count ?? 0) + 1;
    const wait = this.delay(count);
    this.failures.delete(login);
    this.failures.set(login, { count, until: now + (count >= FAILURES_BEFORE_LOCK ? LOCK_MS : 0) });
    if (this.failures.size > MAX_NAMES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    return wait;
  }

  succeeded(login: string): void {
    this.failures.delete(login);
  }
}
