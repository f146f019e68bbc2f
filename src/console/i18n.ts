// The console's words in English and Chinese. The language follows the browser until the
// agent picks one, which is remembered.
const en = {
  console: "console",
  playground: "playground",
  myStatus: "My status",
  status0: "Offline",
  status1: "Online",
  status2: "Busy",
  status3: "Away",
  autoConnect: "Auto-connect",
  sound: "Sound",
  desktop: "Desktop alerts",
  logout: "Log out",
  language: "Language",
  retryNow: "Retry now",
  loginTitle: "Log in to the desk",
  token: "Agent token",
  tokenHint: "Your administrator gives you a token: kefu agent token --customer-id N",
  login: "Log in",
  forceLogin: "Log in here anyway",
  err440:
    "This token is not valid. It may have been replaced by a newer one; ask your administrator.",
  err490:
    "You are already logged in somewhere else (another tab or computer). Log in here anyway to move your desk to this page.",
  err492:
    "You were logged out because your account logged in somewhere else. Log in again to take the desk back.",
  errClosed: "Too many attempts. Check the token and try again.",
  errOther: "The desk refused: {msg}",
  waiting: "Waiting",
  sessions: "My sessions",
  colleagues: "Colleagues",
  noneWaiting: "Nobody is waiting.",
  noSessions: "No conversation yet.",
  pickUser: "Pick a user on the left",
  accept: "Accept",
  transferTo: "Transfer to",
  toQueue: "Back to the queue",
  transfer: "Transfer",
  end: "End",
  reply: "Reply",
  replyHint: "Write a reply. Enter sends, Shift+Enter starts a new line.",
  suggest: "Suggest",
  send: "Send",
  profile: "Profile",
  you: "you",
  robot: "robot",
  agent: "agent",
  waitedFor: "waiting {t}",
  unread: "{n} unread",
  olderLoading: "Loading older messages…",
  allLoaded: "The beginning of the conversation",
  noSuggestion: "The assistant has no suggestion for this question.",
  suggested: "Suggestion added; edit it before sending.",
  dropped: "Connection lost. Reconnecting in {s} s…",
  reconnecting: "Reconnecting…",
  taken: "{name} took this user.",
  endedBy: "The session ended.",
  transferred: "This user was transferred.",
  newWaiting: "{name} is waiting",
  newMessage: "{name}: {text}",
  picture: "[picture]",
  video: "[video]",
  voice: "[voice]",
  failed: "Not done: {msg}",
  nickname: "Nickname",
  sex: "Sex",
  city: "City",
  province: "Province",
  country: "Country",
  mobile: "Mobile",
  realname: "Name",
  userid: "User id",
  apiKey: "Bot api key",
  message: "Message",
  playgroundHint: "Play a user of your bot: what you write reaches the agents in the console.",
  connected: "An agent joined the conversation.",
  ended: "The agent ended the conversation.",
  sentBad: "Not sent: {msg}",
  justNow: "just now",
  minutes: "{n} min",
  hours: "{n} h",
};

type Words = typeof en;
export type Word = keyof Words;

const zh: Words = {
  console: "客服台",
  playground: "体验场",
  myStatus: "我的状态",
  status0: "离线",
  status1: "在线",
  status2: "忙碌",
  status3: "离开",
  autoConnect: "自动接入",
  sound: "声音",
  desktop: "桌面通知",
  logout: "退出",
  language: "语言",
  retryNow: "立即重试",
  loginTitle: "登录客服台",
  token: "客服 token",
  tokenHint: "token 由管理员提供：kefu agent token --customer-id N",
  login: "登录",
  forceLogin: "仍在此处登录",
  err440: "token 无效，可能已被新的 token 取代，请联系管理员。",
  err490: "该账号已在别处登录（其他标签页或电脑）。选择“仍在此处登录”可把客服台移到本页。",
  err492: "该账号已在别处登录，你已被强制下线。重新登录即可收回客服台。",
  errClosed: "尝试次数过多，请检查 token 后再试。",
  errOther: "服务端拒绝：{msg}",
  waiting: "等待接入",
  sessions: "当前会话",
  colleagues: "同事",
  noneWaiting: "暂无等待的用户。",
  noSessions: "暂无会话。",
  pickUser: "请在左侧选择用户",
  accept: "接入",
  transferTo: "转接给",
  toQueue: "退回等待队列",
  transfer: "转接",
  end: "结束会话",
  reply: "回复",
  replyHint: "输入回复。Enter 发送，Shift+Enter 换行。",
  suggest: "智能建议",
  send: "发送",
  profile: "用户资料",
  you: "我",
  robot: "机器人",
  agent: "客服",
  waitedFor: "已等待 {t}",
  unread: "{n} 条未读",
  olderLoading: "正在加载更早的消息…",
  allLoaded: "已到会话开头",
  noSuggestion: "智能助手暂无建议。",
  suggested: "已填入建议，请修改后发送。",
  dropped: "连接已断开，{s} 秒后重连…",
  reconnecting: "正在重连…",
  taken: "{name} 已接入该用户。",
  endedBy: "会话已结束。",
  transferred: "该用户已被转接。",
  newWaiting: "{name} 正在等待",
  newMessage: "{name}：{text}",
  picture: "[图片]",
  video: "[视频]",
  voice: "[语音]",
  failed: "操作失败：{msg}",
  nickname: "昵称",
  sex: "性别",
  city: "城市",
  province: "省份",
  country: "国家",
  mobile: "手机",
  realname: "姓名",
  userid: "用户 id",
  apiKey: "机器人 api key",
  message: "消息",
  playgroundHint: "扮演机器人的用户：你写的消息会到达客服台。",
  connected: "客服已接入会话。",
  ended: "客服已结束会话。",
  sentBad: "未发送：{msg}",
  justNow: "刚刚",
  minutes: "{n} 分钟",
  hours: "{n} 小时",
};

const dictionaries = { en, zh } as const;
export type Lang = keyof typeof dictionaries;

const STORED = "kefu.lang";
let lang: Lang = pickLang();

function pickLang(): Lang {
  const stored = localStorage.getItem(STORED);
  if (stored === "en" || stored === "zh") return stored;
  const preferred = navigator.languages[0] ?? navigator.language;
  return preferred.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function t(word: Word, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][word].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
}

/** Fills every `data-i18n` element (and `data-i18n-placeholder`) under `root`. */
export function translate(root: ParentNode = document): void {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const el of Array.from(root.querySelectorAll<HTMLElement>("[data-i18n]"))) {
    el.textContent = t(el.dataset.i18n as Word);
  }
  for (const el of Array.from(
    root.querySelectorAll<HTMLTextAreaElement>("[data-i18n-placeholder]"),
  )) {
    el.placeholder = t(el.dataset.i18nPlaceholder as Word);
  }
}

/** Binds the language picker; `changed` redraws what is not marked with data-i18n. */
export function languagePicker(select: HTMLSelectElement, changed: () => void): void {
  select.value = lang;
  translate();
  select.addEventListener("change", () => {
    lang = select.value === "zh" ? "zh" : "en";
    localStorage.setItem(STORED, lang);
    translate();
    changed();
  });
}

/** How long ago a Unix time (seconds) was, in words: "just now", "3 min", "2 h". */
export function ago(unixSeconds: number, now = Date.now() / 1000): string {
  const s = Math.max(0, now - unixSeconds);
  if (s < 60) return t("justNow");
  if (s < 3600) return t("minutes", { n: Math.floor(s / 60) });
  return t("hours", { n: Math.floor(s / 3600) });
}
