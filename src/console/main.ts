// The agent console: logs in over the public agent protocol (WebSocket on /ws), keeps the
// desk current from the pushes, and wires the page's parts together.
import type { Board } from "../wire/methods/board";
import { bindActions, drawActions, loadGroups } from "./actions";
import { AgentsView } from "./admin-agents";
import { BotView } from "./admin-bot";
import { CannedView } from "./admin-canned";
import { GroupsView } from "./admin-groups";
import { KbView } from "./admin-kb";
import { ApiKeyView } from "./admin-key";
import { aw } from "./admin-words";
import { announce, bindAlertSwitches, setPending, unlockSound } from "./alerts";
import { BoardView } from "./board";
import type { ConsoleApp } from "./context";
import { Conversation } from "./conversation";
import { DeskState } from "./desk-state";
import { byId } from "./dom";
import type { ListEntry, LoginReply, Reply } from "./frames";
import { languagePicker, t } from "./i18n";
import { summary } from "./items";
import { bindKeys } from "./keys";
import { bindLabelReport } from "./label-report";
import { LabelsView } from "./labels-view";
import { drawLists } from "./lists";
import { bindLogin, forgetToken, type Refusal, showLogin, storedToken } from "./login";
import { clearNotices, notify } from "./notices";
import { bindPanes, showPane } from "./panes";
import { bindPasswordLogin } from "./password-login";
import { ReportsView } from "./reports";
import { SearchView } from "./search-view";
import { SignalsView } from "./signals-view";
import { DeskSocket } from "./socket";
import { StaffViews } from "./staff-views";
import { agentReplied, userWrote, waitingAlarm } from "./wait-alarm";

const state = new DeskState();
let forceNext = false;

const socket = new DeskSocket(
  `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`,
  {
    opened: () => void login(),
    push: (frame) => pushed(frame),
    down(delayMs) {
      byId("banner-text").textContent = t("dropped", { s: Math.ceil(delayMs / 1000) });
      byId("banner").hidden = false;
    },
    stopped: (reason) => refused(reason),
  },
);

const c: ConsoleApp = {
  socket,
  state,
  redraw,
  select(userid) {
    state.open = userid;
    const row = userid ? (state.mine.get(userid) ?? state.waiting.get(userid)) : undefined;
    if (row) row.unread = 0;
    const held = userid !== null && state.mine.has(userid);
    showPane(userid ? "chat" : "lists");
    void conversation.show(userid, held);
    if (userid) void search.drawPast(userid);
    redraw();
    if (held) void loadGroups(c);
  },
  replied(userid) {
    agentReplied(userid);
    redraw();
  },
  failed(reply: Reply) {
    const note = byId("composer-note");
    note.textContent = t("failed", { msg: reply.msg ?? String(reply.code) });
    note.classList.add("error");
  },
};
const conversation = new Conversation(c);
bindKeys(c, { search: () => search.open() });
const reports = new ReportsView(c);
const signals = new SignalsView(c);
const labels = new LabelsView(c);
bindLabelReport(c);
const search = new SearchView(c, {
  async reveal(userid, newer) {
    c.select(userid);
    await conversation.settled;
    await conversation.reveal(newer);
  },
});
const board = new BoardView(
  c,
  (userid) => {
    byId("view-desk").click();
    c.select(userid);
  },
  () => void conversation.reload(state.open !== null && state.mine.has(state.open)),
);
const staff = new StaffViews(board, [
  new AgentsView(),
  new BotView(c),
  new ApiKeyView(),
  new GroupsView(),
  new CannedView(),
  new KbView(),
]);

function redraw(): void {
  signals.refresh();
  waitingAlarm(state.waiting.size);
  drawLists(c, state.open);
  drawActions(c, state.open);
  byId<HTMLSelectElement>("my-status").value = String(state.me.status);
  byId("my-dot").className = `dot s${state.me.status}`;
  byId<HTMLInputElement>("auto-connect").checked = state.me.autoConnect;
  byId("my-name").textContent = state.me.name;
  conversation.drawMode();
  let unread = state.waiting.size;
  for (const r of state.mine.values()) unread += r.unread;
  setPending(unread);
}

function refused(why: Refusal): void {
  socket.stop();
  staff.close();
  if (typeof why === "object" && why?.code === 440) {
    // The field keeps the token that was refused, to be corrected rather than typed again.
    const rejected = storedToken();
    forgetToken();
    showLogin(why, rejected);
  } else showLogin(why);
}

async function login(): Promise<void> {
  const token = storedToken();
  if (!token) return refused(null);
  const r = await socket.request<LoginReply>({
    method: "login",
    token,
    ...(forceNext ? { force_online: 1 } : {}),
  });
  forceNext = false;
  if (r.code === -1) return; // the connection dropped; the next one logs in again
  if (r.code !== 0) return refused(r);
  state.loggedIn(r);
  const [waiting, mine] = await Promise.all([
    socket.request({ method: "get_wait_user_list" }),
    socket.request({ method: "get_current_session_list" }),
  ]);
  const users = (x: Reply) => (x.data as { user_list?: ListEntry[] } | undefined)?.user_list ?? [];
  state.lists(users(waiting), users(mine));
  byId("banner").hidden = true;
  byId("login").hidden = true;
  reports.restore();
  byId("me").hidden = false;
  redraw();
  void loadGroups(c);
  void staff.loggedIn();
  await conversation.reload(state.open !== null && state.mine.has(state.open));
}

function pushed(frame: Reply): void {
  if (signals.pushed(frame)) return;
  if (frame.method === "board_push") {
    board.update(frame.data as Board);
    return;
  }
  if (frame.method === "supervisor_push") {
    notify(aw("supervised", { user: state.nameOf(String(frame.userid)) }));
    // A supervisor's step took the user from this agent: for the desk, the session ended here.
    pushed({
      method: "disconnect_push",
      code: 0,
      userid: frame.userid,
      customer_id: frame.customer_id,
    });
    return;
  }
  const change = state.apply(frame);
  const open = state.open;
  switch (change.kind) {
    case "waiting":
      if (change.row.userid === open) {
        change.row.unread = 0;
        conversation.userSaid(change.row.last);
      }
      if (change.fresh) announce(t("newWaiting", { name: change.row.nickname }));
      break;
    case "message":
      userWrote(change.row.userid);
      if (change.row.userid === open) conversation.userSaid(change.items);
      if (change.row.userid !== open || document.hidden)
        announce(t("newMessage", { name: change.row.nickname, text: summary(change.items) }));
      break;
    case "gained":
      userWrote(change.row.userid);
      if (change.row.userid === open) {
        change.row.unread = 0;
        // Handed over while open: the colleague's replies were never pushed here.
        void conversation.reload(true);
      }
      announce(t("newMessage", { name: change.row.nickname, text: summary(change.row.last) }));
      break;
    case "lost": {
      const byDesk =
        change.reason === "first_reply_timeout"
          ? t("timeoutNotice", { name: change.nickname })
          : change.reason === "idle"
            ? t("idleNotice", { name: change.nickname })
            : null;
      if (byDesk) {
        notify(byDesk);
        announce(byDesk);
      }
      if (change.userid === open) {
        conversation.system(
          byDesk ??
            t(
              change.why === "taken" ? "taken" : change.why === "ended" ? "endedBy" : "transferred",
              { name: state.colleagueName(frame.customer_id as number | undefined) },
            ),
        );
        void conversation.show(open, state.mine.has(open));
      }
      break;
    }
    case "note":
      if (change.userid === open)
        conversation.noted(change.customerId, change.text, change.timestamp);
      else if (state.mine.has(change.userid))
        announce(
          t("newNote", {
            name: state.colleagueName(change.customerId),
            user: state.mine.get(change.userid)?.nickname ?? change.userid,
            text: change.text,
          }),
        );
      break;
    case "handedIn": {
      const said = t("transferredFromNotice", {
        name: state.colleagueName(change.from),
        user: state.nameOf(change.userid),
      });
      notify(said, "info");
      announce(said);
      if (change.userid === open) conversation.handOverLine();
      break;
    }
    case "setAway":
      notify(t("awayNotice"));
      announce(t("awayNotice"));
      break;
    default:
      break;
  }
  redraw();
}

function start(force: boolean): void {
  forceNext = force;
  socket.stop();
  byId("login-error").textContent = "";
  socket.start();
}

languagePicker(byId<HTMLSelectElement>("lang"), () => {
  redraw();
  reports.redraw();
});
bindAlertSwitches(byId<HTMLInputElement>("sound"), byId<HTMLInputElement>("desktop"));
unlockSound();
bindLogin(start);
bindActions(c, () => state.open, {
  end: () => labels.endFields(),
  transfer: () => {
    const input = byId<HTMLInputElement>("transfer-note");
    const note = input.value.trim();
    input.value = "";
    return note ? { note } : {};
  },
});
bindPasswordLogin(() => start(false));
bindPanes(() => c.select(null));
byId("retry").addEventListener("click", () => {
  byId("banner-text").textContent = t("reconnecting");
  socket.retryNow();
});
byId<HTMLSelectElement>("my-status").addEventListener("change", async (e) => {
  const status = Number((e.target as HTMLSelectElement).value);
  const r = await socket.request({ method: "set_customer_status", status });
  if (r.code === 0) state.me.status = status;
  else c.failed(r);
  redraw();
});
byId<HTMLInputElement>("auto-connect").addEventListener("change", async (e) => {
  const on = (e.target as HTMLInputElement).checked;
  const r = await socket.request({ method: "set_auto_connect_status", status: on ? 1 : 0 });
  if (r.code === 0) state.me.autoConnect = on;
  else c.failed(r);
  redraw();
});
byId("logout").addEventListener("click", async () => {
  await socket.request({ method: "logout" });
  forgetToken();
  clearNotices();
  state.open = null;
  await conversation.show(null, false);
  refused(null);
});
// Waiting times grow while nothing else changes.
setInterval(redraw, 30_000);

if (storedToken()) socket.start();
else showLogin(null);
