// `kefu agent role|disable|enable|password`: what an agent may do and how a person logs in
// (issue 16). A disable or a password reset revokes the agent's token and console sessions;
// the serving process's token watch then closes its connections within a second.

import { z } from "zod";
import {
  hashPassword,
  LOGIN_NAME,
  PASSWORD_MAX,
  PASSWORD_MIN,
  revokeCredentials,
} from "../desk/accounts";
import { ROLES } from "../desk/permissions";
import type { Agent } from "../model/desk";
import type { Stores } from "../store/stores";
import { withAudit } from "../store/stores";
import { byCli, type Invocation, need, positiveInt, print, UsageError, withStore } from "./args";

export const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` });

async function agentOf(s: Stores, customerId: number): Promise<Agent> {
  const agent = await s.identity.getAgent(customerId);
  if (!agent) throw new UsageError(`no agent ${customerId}`);
  return agent;
}

async function setRole({ values }: Invocation): Promise<void> {
  const customerId = need(values, "customer-id", positiveInt);
  const to = need(values, "role", role);
  await withStore(values, async (s) => {
    const agent = await agentOf(s, customerId);
    const now = Date.now();
    await withAudit(
      s,
      (tx) => tx.access.setRole(customerId, to),
      () => ({
        ...byCli(agent.botId, "agent_update", `agent:${customerId}`, now),
        details: { role: to },
      }),
    );
  });
  print(
    values,
    { customer_id: customerId, role: to },
    `agent ${customerId} is now ${to} (from its next login)`,
  );
}

function disabling(disabled: boolean) {
  return async ({ values }: Invocation): Promise<void> => {
    const customerId = need(values, "customer-id", positiveInt);
    await withStore(values, async (s) => {
      const agent = await agentOf(s, customerId);
      const now = Date.now();
      await withAudit(
        s,
        async (tx) => {
          await tx.access.setDisabled(customerId, disabled);
          if (disabled) await revokeCredentials(tx, customerId, now);
        },
        () => ({
          ...byCli(agent.botId, "agent_update", `agent:${customerId}`, now),
          details: { disabled: disabled ? 1 : 0 },
        }),
      );
    });
    print(
      values,
      { customer_id: customerId, disabled: disabled ? 1 : 0 },
      disabled
        ? `agent ${customerId} disabled: its token and sessions no longer work`
        : `agent ${customerId} enabled: give it a new token or password`,
    );
  };
}

/** The password comes on standard input (its first line), never on the command line. */
async function password({ values }: Invocation): Promise<void> {
  const customerId = need(values, "customer-id", positiveInt);
  const login = need(
    values,
    "login",
    z.string().regex(LOGIN_NAME, "1 to 64 of A-Z a-z 0-9 . _ @ -"),
  );
  const secret = (await Bun.stdin.text()).split(/\r?\n/)[0] ?? "";
  if (secret.length < PASSWORD_MIN || secret.length > PASSWORD_MAX)
    throw new UsageError(
      `the password (standard input) must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
    );
  const hash = await hashPassword(secret);
  const set = await withStore(values, async (s) => {
    const agent = await agentOf(s, customerId);
    const now = Date.now();
    return withAudit(
      s,
      async (tx) => {
        const had = await tx.access.accountOf(customerId);
        if (!(await tx.access.setPassword(customerId, login, hash, now))) return false;
        // A reset closes the agent out; a first password leaves its token as it was.
        if (had) await revokeCredentials(tx, customerId, now);
        return true;
      },
      (done) =>
        done
          ? {
              ...byCli(agent.botId, "password_reset", `agent:${customerId}`, now),
              details: { login },
            }
          : null,
    );
  });
  if (!set) throw new UsageError(`another agent has the login name ${login}`);
  print(values, { customer_id: customerId, login }, `agent ${customerId} logs in as ${login}`);
}

export const agentAccess = {
  role: setRole,
  disable: disabling(true),
  enable: disabling(false),
  password,
};
