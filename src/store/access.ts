// Who may log in to the console and as what (issue 16): agents' roles and their disabled
// flag, login names with password hashes and TOTP secrets, console sessions (stored
// hashed), and whether an agent ever served a user (the history an `agent` may read).
import type { Role } from "../model/desk";

export interface Account {
  agentId: number;
  login: string;
  /** Bun.password's argon2id hash. */
  passwordHash: string;
  /** Base32 TOTP secret once the second factor is on; null: password only. */
  totpSecret: string | null;
}

export interface AccessStore {
  setRole(agentId: number, role: Role): Promise<boolean>;
  setDisabled(agentId: number, disabled: boolean): Promise<boolean>;
  setMaxSessions(agentId: number, maxSessions: number): Promise<boolean>;
  /**
   * Gives the agent its login name and password hash (a second call replaces both and keeps
   * TOTP); false if another agent has that name.
   */
  setPassword(agentId: number, login: string, passwordHash: string, now: number): Promise<boolean>;
  accountByLogin(login: string): Promise<Account | null>;
  accountOf(agentId: number): Promise<Account | null>;
  /** null turns the second factor off. False if the agent has no account. */
  setTotp(agentId: number, secret: string | null): Promise<boolean>;
  createSession(agentId: number, tokenHash: string, now: number, expiresAt: number): Promise<void>;
  /** The agent of a console session that is neither revoked nor expired at `now`. */
  sessionAgent(tokenHash: string, now: number): Promise<number | null>;
  /** When a console session expires (as created, revoked or not); null if there is none. */
  sessionExpiresAt(tokenHash: string): Promise<number | null>;
  /** True if it was live. */
  revokeSession(tokenHash: string, now: number): Promise<boolean>;
  /** Revokes every live session of the agent but `keep` (a token hash); how many there were. */
  revokeSessions(agentId: number, now: number, keep?: string): Promise<number>;
  /** The hash of the agent's `kft_` token now; null if it has none. */
  tokenHashOf(agentId: number): Promise<string | null>;
  /** Whether the agent has ever held a session with the user (active or ended). */
  servedUser(agentId: number, botId: number, userid: string): Promise<boolean>;
}
