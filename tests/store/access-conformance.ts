// The AccessStore's contract on every engine (issue 16): roles and the disabled flag, login
// names unique across bots, console sessions that expire and are revoked, and "served".
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Stores } from "../../src/store/stores";
import type { OpenedStores } from "./conformance";

export function accessConformance(name: string, open: () => Promise<OpenedStores>): void {
  describe(`AccessStore on ${name}`, () => {
    let opened: OpenedStores;
    let s: Stores;
    let botId = 0;
    let n = 0;
    const agent = async () =>
      (
        await s.identity.createAgent({
          botId,
          name: `a${++n}`,
          headImg: "",
          maxSessions: 5,
          now: 1,
        })
      ).agent;

    beforeAll(async () => {
      opened = await open();
      s = opened.stores;
      botId = (await s.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
    });
    afterAll(() => opened.close());

    test("a new agent is an agent, enabled, unless made with a role", async () => {
      const a = await agent();
      expect({ role: a.role, disabled: a.disabled }).toEqual({ role: "agent", disabled: false });
      const boss = await s.identity.createAgent({
        botId,
        name: "boss",
        headImg: "",
        maxSessions: 5,
        role: "admin",
        now: 1,
      });
      expect((await s.identity.getAgent(boss.agent.id))?.role).toBe("admin");
    });

    test("role, disabled and capacity are set, and read back; no such agent is false", async () => {
      const a = await agent();
      expect(await s.access.setRole(a.id, "supervisor")).toBe(true);
      expect(await s.access.setDisabled(a.id, true)).toBe(true);
      expect(await s.access.setMaxSessions(a.id, 9)).toBe(true);
      expect(await s.identity.getAgent(a.id)).toMatchObject({
        role: "supervisor",
        disabled: true,
        maxSessions: 9,
      });
      expect(await s.access.setRole(999_999, "admin")).toBe(false);
    });

    test("a login name belongs to one agent; setting it again replaces name and hash", async () => {
      const a = await agent();
      const b = await agent();
      expect(await s.access.setPassword(a.id, `ann${n}`, "h1", 1)).toBe(true);
      expect(await s.access.setPassword(b.id, `ann${n}`, "h2", 1)).toBe(false);
      expect(await s.access.setTotp(a.id, "SECRET")).toBe(true);
      expect(await s.access.setPassword(a.id, `anna${n}`, "h3", 2)).toBe(true);
      expect(await s.access.accountByLogin(`anna${n}`)).toEqual({
        agentId: a.id,
        login: `anna${n}`,
        passwordHash: "h3",
        totpSecret: "SECRET",
      });
      expect(await s.access.accountByLogin(`ann${n}`)).toBeNull();
      expect(await s.access.accountOf(b.id)).toBeNull();
      expect(await s.access.setTotp(b.id, "X")).toBe(false);
    });

    test("a session is live until it expires or is revoked; revoking all may keep one", async () => {
      const a = await agent();
      await s.access.createSession(a.id, `s1-${a.id}`, 100, 200);
      await s.access.createSession(a.id, `s2-${a.id}`, 100, 200);
      await s.access.createSession(a.id, `s3-${a.id}`, 100, 200);
      expect(await s.access.sessionAgent(`s1-${a.id}`, 199)).toBe(a.id);
      expect(await s.access.sessionAgent(`s1-${a.id}`, 200)).toBeNull();
      expect(await s.access.revokeSession(`s1-${a.id}`, 150)).toBe(true);
      expect(await s.access.revokeSession(`s1-${a.id}`, 150)).toBe(false);
      expect(await s.access.sessionAgent(`s1-${a.id}`, 150)).toBeNull();
      expect(await s.access.revokeSessions(a.id, 150, `s3-${a.id}`)).toBe(1);
      expect(await s.access.sessionAgent(`s2-${a.id}`, 150)).toBeNull();
      expect(await s.access.sessionAgent(`s3-${a.id}`, 150)).toBe(a.id);
      expect(await s.access.sessionAgent("no such", 150)).toBeNull();
    });

    test("a session's expiry is its own, revoked or not", async () => {
      const a = await agent();
      await s.access.createSession(a.id, `e1-${a.id}`, 100, 250);
      expect(await s.access.sessionExpiresAt(`e1-${a.id}`)).toBe(250);
      await s.access.revokeSession(`e1-${a.id}`, 150);
      expect(await s.access.sessionExpiresAt(`e1-${a.id}`)).toBe(250);
      expect(await s.access.sessionExpiresAt("no such")).toBeNull();
    });

    test("the token hash changes when the token rotates", async () => {
      const a = await agent();
      const before = await s.access.tokenHashOf(a.id);
      expect(before).toMatch(/^[0-9a-f]{64}$/);
      await s.identity.rotateToken(a.id, 5);
      expect(await s.access.tokenHashOf(a.id)).not.toBe(before);
      expect(await s.access.tokenHashOf(999_999)).toBeNull();
    });

    test("served: any session the agent held with the user, in its bot", async () => {
      const a = await agent();
      const userid = `u${++n}`;
      await s.identity.ensureUser(botId, userid, 1);
      expect(await s.access.servedUser(a.id, botId, userid)).toBe(false);
      const w = await s.sessions.openWaiting(botId, userid, null, 1);
      expect(await s.access.servedUser(a.id, botId, userid)).toBe(false);
      expect(await s.sessions.take(w.id, a.id, "manual", 2)).toBe(true);
      expect(await s.access.servedUser(a.id, botId, userid)).toBe(true);
      expect(await s.access.servedUser(a.id, botId + 1, userid)).toBe(false);
    });
  });
}
