// What the console knows of the desk: the agent, the colleagues online, the waiting list
// and the agent's sessions, kept current by the pushes (CONTRACT.md, "Routing" and the
// seed's *_push frames). Pure: no DOM, so it is tested on its own.
import type {
  Colleague,
  GroupEntry,
  ListEntry,
  LoginReply,
  MessageItem,
  NotePush,
  Push,
  Reply,
  UserMessagePush,
} from "./frames";

export interface UserRow {
  userid: string;
  nickname: string;
  headImg: string;
  /** When the user started waiting, or was connected (Unix seconds). */
  since: number;
  last: MessageItem[];
  unread: number;
}

/** What a push changed, for the page to redraw and announce. */
export type Change =
  | { kind: "waiting"; row: UserRow; fresh: boolean }
  | { kind: "message"; row: UserRow; items: MessageItem[] }
  | { kind: "gained"; row: UserRow }
  | {
      kind: "lost";
      userid: string;
      nickname: string;
      why: "taken" | "ended" | "transferred";
      /** Set when the desk itself did it: "first_reply_timeout", "idle". */
      reason?: string;
    }
  | { kind: "note"; userid: string; customerId: number; text: string; timestamp: number }
  /** A colleague handed one of their users to this agent. */
  | { kind: "handedIn"; userid: string; from: number }
  /** The desk set this agent away (it missed several first replies). */
  | { kind: "setAway" }
  | { kind: "presence" }
  | { kind: "none" };

/** Who last moved a user by hand, and to whom (null: back to the queue). */
export interface HandOver {
  from: number;
  to: number | null;
}

export interface Me {
  id: number;
  name: string;
  bid: number;
  status: number;
  autoConnect: boolean;
}

const row = (e: ListEntry): UserRow => ({
  userid: e.userid,
  nickname: e.nickname || e.userid,
  headImg: e.head_img,
  since: e.timestamp,
  last: e.last_message,
  unread: 0,
});

export class DeskState {
  me: Me = { id: 0, name: "", bid: 0, status: 1, autoConnect: false };
  readonly colleagues = new Map<number, Colleague>();
  waiting = new Map<string, UserRow>();
  mine = new Map<string, UserRow>();
  /** The bot's skill groups, to transfer to (get_group_list). */
  groups: GroupEntry[] = [];
  /** The user whose conversation is on screen: their messages are read as they come. */
  open: string | null = null;
  /** Users' nicknames as last seen, for a user who left the lists (taken by a colleague). */
  private readonly names = new Map<string, string>();
  /** Who took a waiting user (connect_push), to tell the agent who lost the race. */
  readonly takenBy = new Map<string, number>();
  /** The last transfer by hand of each user, told in their conversation. */
  readonly handedOver = new Map<string, HandOver>();

  loggedIn(r: LoginReply): void {
    this.me = {
      id: r.customer_id,
      name: r.customer_name,
      bid: r.bid,
      status: r.status,
      autoConnect: r.auto_connect === 1,
    };
    this.colleagues.clear();
    for (const c of r.customer_list)
      if (c.customer_id !== r.customer_id) this.colleagues.set(c.customer_id, c);
  }

  /** The lists as the server has them (after a login, or a reconnect). Unread counts stay. */
  lists(waiting: ListEntry[], mine: ListEntry[]): void {
    const keep = (old: Map<string, UserRow>, entries: ListEntry[]) =>
      new Map(
        entries.map((e) => [e.userid, { ...row(e), unread: old.get(e.userid)?.unread ?? 0 }]),
      );
    this.waiting = keep(this.waiting, waiting);
    this.mine = keep(this.mine, mine);
    for (const r of [...this.waiting.values(), ...this.mine.values()]) this.remember(r);
  }

  private remember(r: UserRow): UserRow {
    this.names.set(r.userid, r.nickname);
    return r;
  }

  /** A user's nickname if it was ever seen, else the user id. */
  nameOf(userid: string): string {
    return (
      this.mine.get(userid)?.nickname ??
      this.waiting.get(userid)?.nickname ??
      this.names.get(userid) ??
      userid
    );
  }

  /** Took a waiting user by hand (`connect` answered 0): no push comes for that. */
  accepted(userid: string): UserRow | null {
    const r = this.waiting.get(userid);
    if (!r) return this.mine.get(userid) ?? null;
    this.waiting.delete(userid);
    const mine = { ...r, since: Math.floor(Date.now() / 1000) };
    this.mine.set(userid, mine);
    return mine;
  }

  /** Ended or gave away a session (`disconnect`/`transform` answered 0). */
  released(userid: string): void {
    this.mine.delete(userid);
    this.handedOver.delete(userid);
  }

  colleagueName(id: number | null | undefined): string {
    if (id === this.me.id) return this.me.name;
    return (id && this.colleagues.get(id)?.customer_name) || `#${id ?? "?"}`;
  }

  apply(frame: Reply): Change {
    const p = frame as Push;
    switch (frame.method) {
      case "wait_list_push":
        return this.userWaits(frame as UserMessagePush);
      case "connect_list_push":
        return this.userIsMine(frame as UserMessagePush);
      case "connect_push":
        if (p.userid && typeof p.customer_id === "number")
          this.takenBy.set(p.userid, p.customer_id);
        return this.gone(p.userid, "taken", [this.waiting]);
      case "disconnect_push":
        if (p.userid) this.handedOver.delete(p.userid);
        return this.gone(p.userid, "ended", [this.waiting, this.mine], this.mineReason(p));
      case "transfer_push":
        return this.transferred(p);
      case "note_push": {
        const n = frame as NotePush;
        return {
          kind: "note",
          userid: n.userid,
          customerId: n.customer_id,
          text: n.text,
          timestamp: n.timestamp,
        };
      }
      case "login_push":
      case "logout_push":
      case "set_customer_status_push":
        return this.presence(p);
      default:
        return { kind: "none" };
    }
  }

  /**
   * The desk moved one of this agent's users (a missed first reply, say): a wait_list_push
   * or connect_list_push tells where it went. A colleague's transfer by hand is kept, to be
   * told in the user's conversation (the agent's own transfers are not pushed back to it).
   */
  private transferred(p: Push): Change {
    const from = p.from_customer_id;
    if (!p.userid || from === undefined) return { kind: "none" };
    if (from === this.me.id) return this.gone(p.userid, "transferred", [this.mine], p.reason);
    if (p.reason) return { kind: "none" };
    const to = typeof p.customer_id === "number" ? p.customer_id : null;
    this.handedOver.set(p.userid, { from, to });
    return to === this.me.id ? { kind: "handedIn", userid: p.userid, from } : { kind: "none" };
  }

  private userWaits(f: UserMessagePush): Change {
    this.mine.delete(f.userid);
    const old = this.waiting.get(f.userid);
    const r: UserRow = old
      ? { ...old, last: f.user_query, unread: old.unread + 1 }
      : { ...row({ ...f, last_message: f.user_query }), unread: 1 };
    this.waiting.set(f.userid, this.remember(r));
    return { kind: "waiting", row: r, fresh: !old };
  }

  private userIsMine(f: UserMessagePush): Change {
    const old = this.mine.get(f.userid);
    if (!old) {
      // Assigned, or handed over by a colleague: the items are the user's latest message.
      this.waiting.delete(f.userid);
      const r = { ...row({ ...f, last_message: f.user_query }), unread: 1 };
      this.mine.set(f.userid, this.remember(r));
      return { kind: "gained", row: r };
    }
    const r = {
      ...old,
      last: f.user_query,
      unread: this.open === f.userid ? 0 : old.unread + 1,
    };
    this.mine.set(f.userid, r);
    return { kind: "message", row: r, items: f.user_query };
  }

  /** The desk's reason for ending one of this agent's sessions, if it was the desk. */
  private mineReason(p: Push): string | undefined {
    return p.customer_id === this.me.id ? p.reason : undefined;
  }

  private gone(
    userid: string | undefined,
    why: "taken" | "ended" | "transferred",
    from: Map<string, UserRow>[],
    reason?: string,
  ): Change {
    if (!userid) return { kind: "none" };
    const nickname =
      this.mine.get(userid)?.nickname ?? this.waiting.get(userid)?.nickname ?? userid;
    const had = from.map((m) => m.delete(userid)).some(Boolean);
    // What the desk did is told even when another push already moved the user.
    if (!had && !reason) return { kind: "none" };
    return { kind: "lost", userid, nickname, why, ...(reason ? { reason } : {}) };
  }

  private presence(p: Push): Change {
    const id = p.customer_id;
    if (typeof id !== "number") return { kind: "none" };
    if (id === this.me.id) {
      // The desk itself may set the agent away (missed first replies).
      if (p.method === "set_customer_status_push" && p.status !== undefined) {
        const was = this.me.status;
        this.me.status = p.status;
        if (p.status === 3 && was !== 3) return { kind: "setAway" };
      }
      return { kind: "presence" };
    }
    if (p.method === "logout_push") this.colleagues.delete(id);
    else {
      const old = this.colleagues.get(id);
      this.colleagues.set(id, {
        customer_id: id,
        customer_name: p.customer_name ?? old?.customer_name ?? `#${id}`,
        status: p.status ?? old?.status ?? 1,
      });
    }
    return { kind: "presence" };
  }
}
