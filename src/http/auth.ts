// /auth: agents' password logins for the console (issue 16). A login answers a console
// session (`kfs_...`) that the WebSocket `login` takes as its `token` and the HTTP API as a
// bearer; it lasts KEFU_CONSOLE_SESSION_S (12 h) and ends at logout, a password reset or a disable.
// Failures slow down per name (desk/login-throttle.ts) and are audited.
import { z } from "zod";
import {
  agentAudit,
  hashPassword,
  LOGIN_NAME,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordLogin,
} from "../desk/accounts";
import { LoginThrottle } from "../desk/login-throttle";
import { DeskError, ERRORS } from "../errors";
import { hashSecret } from "../secrets";
import { withAudit } from "../store/stores";
import { newTotpSecret, totpMatches, totpUri } from "../totp";
import { agentCaller } from "./caller";
import { type HttpServices, ok } from "./env";
import { consolePost, routes } from "./openapi-route";

const tag = "console accounts";
const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
const code = z.string().regex(/^\d{6}$/, "expected the app's 6 digits");
const seconds = (ms: number) => Math.floor(ms / 1000);

const me = z.object({
  customer_id: z.number().int(),
  customer_name: z.string(),
  bid: z.number().int(),
  role: z.enum(["agent", "supervisor", "admin"]),
});

const login = consolePost({
  path: "/login",
  tag,
  summary: "Log in with a name and password (and TOTP code): a console session",
  description:
    "`data.token` is the session: the WebSocket `login` takes it as `token`, the HTTP API as `Authorization: Bearer`. A wrong name, password or code is 401 (`msg` says when a TOTP code is needed); failures in a row slow down, then lock the name for a while (429).",
  open: true,
  body: z.object({
    login: z.string().regex(LOGIN_NAME, "1 to 64 of A-Z a-z 0-9 . _ @ -"),
    password: z.string().min(1).max(PASSWORD_MAX),
    totp: code.optional(),
  }),
  data: me.extend({ token: z.string(), expires_at: z.number().int().describe("Unix seconds") }),
});

const logout = consolePost({
  path: "/logout",
  tag,
  summary: "End the console session this call carries",
  body: z.object({}),
  data: z.object({ revoked: z.union([z.literal(0), z.literal(1)]) }),
});

const whoami = consolePost({
  path: "/me",
  tag,
  summary: "The caller: its agent, role, login name and whether TOTP is on",
  body: z.object({}),
  data: me.extend({ login: z.string().nullable(), totp: z.union([z.literal(0), z.literal(1)]) }),
});

const changePassword = consolePost({
  path: "/password",
  tag,
  summary: "Change one's own password; the other console sessions end",
  body: z.object({ old_password: z.string().min(1).max(PASSWORD_MAX), password }),
  data: z.object({ customer_id: z.number().int() }),
  failures: { 404: "The caller has no login name yet: an admin gives it one." },
});

const totpSetup = consolePost({
  path: "/totp/setup",
  tag,
  summary: "A new TOTP secret to scan; nothing changes until /totp/enable",
  body: z.object({}),
  data: z.object({ secret: z.string(), uri: z.string() }),
  failures: { 404: "The caller has no login name yet." },
});

const totpEnable = consolePost({
  path: "/totp/enable",
  tag,
  summary: "Turn the second factor on with the secret and a code from the app",
  body: z.object({ secret: z.string().regex(/^[A-Z2-7]{32}$/), code }),
  data: z.object({ totp: z.literal(1) }),
  failures: { 404: "The caller has no login name yet.", 409: "The code does not match." },
});

const totpDisable = consolePost({
  path: "/totp/disable",
  tag,
  summary: "Turn the second factor off, with a current code",
  body: z.object({ code }),
  data: z.object({ totp: z.literal(0) }),
  failures: { 404: "The caller has no TOTP on.", 409: "The code does not match." },
});

export function authRoutes(s: HttpServices) {
  const throttle = new LoginThrottle(s.config.loginBackoffMs);
  const open = routes();
  // Before the route: a locked name is refused without its password being looked at.
  open.use("/login", async (c, next) => {
    const body: unknown = await c.req.json().catch(() => null);
    const name =
      typeof body === "object" && body !== null && "login" in body ? String(body.login) : "";
    const locked = throttle.lockedFor(name, Date.now());
    if (locked === 0) return next();
    return c.json({ code: ERRORS.tooMany.code, msg: "too many failed logins, wait" }, 429, {
      "retry-after": String(Math.ceil(locked / 1000)),
    });
  });
  open.serve(login, async (c) => {
    const p = c.req.valid("json");
    const now = Date.now();
    const outcome = await passwordLogin(
      s.store,
      p.login,
      p.password,
      p.totp,
      now,
      s.config.consoleSessionS * 1000,
    );
    if (!outcome.ok) {
      if (outcome.agent) {
        await s.ops.audit({
          ...agentAudit(outcome.agent, "console_login_failed", { reason: outcome.why }),
          actorType: "desk",
          actorId: null,
        });
      }
      await Bun.sleep(throttle.failed(p.login, now));
      throw new DeskError(
        "unauthorized",
        outcome.why === "totp_required"
          ? "a TOTP code is required"
          : "wrong login name, password or code",
      );
    }
    throttle.succeeded(p.login);
    const { agent } = outcome;
    return ok(c, {
      customer_id: agent.id,
      customer_name: agent.name,
      bid: agent.botId,
      role: agent.role,
      token: outcome.token,
      expires_at: seconds(outcome.expiresAt),
    });
  });

  const signedIn = routes();
  signedIn.use(agentCaller(s.store));
  signedIn
    .serve(logout, async (c) => {
      const agent = c.get("agent");
      const key = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
      if (!agent || !key.startsWith("kfs_")) return ok(c, { revoked: 0 as const });
      const revoked = await withAudit(
        s.store,
        (tx) => tx.access.revokeSession(hashSecret(key), Date.now()),
        (done) => (done ? agentAudit(agent, "console_logout") : null),
      );
      return ok(c, { revoked: revoked ? (1 as const) : (0 as const) });
    })
    .serve(whoami, async (c) => {
      const agent = mustAgent(c.get("agent"));
      const account = await s.store.access.accountOf(agent.id);
      return ok(c, {
        customer_id: agent.id,
        customer_name: agent.name,
        bid: agent.botId,
        role: agent.role,
        login: account?.login ?? null,
        totp: account?.totpSecret ? (1 as const) : (0 as const),
      });
    })
    .serve(changePassword, async (c) => {
      const agent = mustAgent(c.get("agent"));
      const p = c.req.valid("json");
      const account = await s.store.access.accountOf(agent.id);
      if (!account) throw new DeskError("notFound", "you have no login name yet");
      if (!(await Bun.password.verify(p.old_password, account.passwordHash)))
        throw new DeskError("unauthorized", "wrong password");
      const hash = await hashPassword(p.password);
      const key = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
      const now = Date.now();
      await withAudit(
        s.store,
        async (tx) => {
          await tx.access.setPassword(agent.id, account.login, hash, now);
          // The session this call carries stays: the agent changing it is still here.
          await tx.access.revokeSessions(agent.id, now, hashSecret(key));
        },
        () => agentAudit(agent, "password_change"),
      );
      return ok(c, { customer_id: agent.id });
    })
    .serve(totpSetup, async (c) => {
      const agent = mustAgent(c.get("agent"));
      const account = await s.store.access.accountOf(agent.id);
      if (!account) throw new DeskError("notFound", "you have no login name yet");
      const secret = newTotpSecret();
      return ok(c, { secret, uri: totpUri(secret, account.login) });
    })
    .serve(totpEnable, async (c) => {
      const agent = mustAgent(c.get("agent"));
      const p = c.req.valid("json");
      if (!(await s.store.access.accountOf(agent.id)))
        throw new DeskError("notFound", "you have no login name yet");
      if (!totpMatches(p.secret, p.code, Date.now()))
        throw new DeskError("conflict", "the code does not match that secret");
      await withAudit(
        s.store,
        (tx) => tx.access.setTotp(agent.id, p.secret),
        () => agentAudit(agent, "totp_enable"),
      );
      return ok(c, { totp: 1 as const });
    })
    .serve(totpDisable, async (c) => {
      const agent = mustAgent(c.get("agent"));
      const account = await s.store.access.accountOf(agent.id);
      if (!account?.totpSecret) throw new DeskError("notFound", "TOTP is not on");
      if (!totpMatches(account.totpSecret, c.req.valid("json").code, Date.now()))
        throw new DeskError("conflict", "the code does not match");
      await withAudit(
        s.store,
        (tx) => tx.access.setTotp(agent.id, null),
        () => agentAudit(agent, "totp_disable"),
      );
      return ok(c, { totp: 0 as const });
    });
  return routes().route("/", open).route("/", signedIn);
}

function mustAgent<T>(agent: T | null): T {
  if (!agent) throw new DeskError("unauthorized");
  return agent;
}
