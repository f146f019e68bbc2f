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
  // Issue 9: notes, canned replies, groups, the desk's own moves, reports.
  views: "Views",
  viewDesk: "Conversations",
  viewReports: "Reports",
  noteMode: "Internal note",
  noteHint: "Write a note for your colleagues. The user never sees it.",
  addNote: "Add note",
  noteBy: "Internal note · {name}",
  noteAdded: "Note added. Only agents see it.",
  newNote: "{name} left a note on {user}: {text}",
  canned: "Canned replies",
  cannedList: "Canned replies matching {code}",
  cannedNone: "No canned reply starts with {code}.",
  cannedShared: "shared",
  cannedOwn: "mine",
  cannedChosen: "Canned reply {code} added; edit it before sending.",
  cannedAttached: "The reply's {n} picture(s) or media will be sent too.",
  removeAttached: "Remove",
  cannedSave: "Save as canned reply",
  cannedCode: "Code",
  cannedCodeHint: "Type it after / in the composer to find the reply, e.g. /refund.",
  cannedSharedLabel: "Shared with every agent of the bot",
  cannedEmpty: "Write the reply first, then save it.",
  cannedSaved: "Saved as canned reply {code}.",
  cannedConflict:
    "A shared reply with this code exists; only the bot's backend changes shared replies. Pick another code.",
  save: "Save",
  cancel: "Cancel",
  groups: "Groups",
  groupOption: "{name} ({n} online)",
  timeoutNotice: "{name} went back to the waiting list: no first reply came in time.",
  idleNotice: "The session with {name} ended by itself: no message either way for a long time.",
  awayNotice:
    "The desk set you to Away: several users went unanswered. Set yourself Online to take users again.",
  dismiss: "Dismiss",
  reportsTitle: "Reports",
  period: "Period",
  period1: "Last 24 hours",
  period7: "Last 7 days",
  period30: "Last 30 days",
  by: "By",
  byAgent: "Agent",
  byGroup: "Group",
  refresh: "Refresh",
  loading: "Loading…",
  name: "Name",
  total: "Whole desk",
  sessionsCol: "Sessions",
  avgWait: "Avg wait",
  p90Wait: "p90 wait",
  firstResponse: "First response",
  handling: "Handling",
  ratingsCol: "Ratings",
  avgRating: "Avg rating",
  chartSessions: "Sessions handled",
  chartWait: "Wait: average and p90",
  chartFirst: "Average first response",
  chartRating: "Average rating (1–5)",
  chartEmpty: "Nothing in this period.",
  reportEmpty: "No agent or group to report on.",
  secondsShort: "{n} s",
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
  views: "视图",
  viewDesk: "会话",
  viewReports: "报表",
  noteMode: "内部备注",
  noteHint: "给同事写备注，用户永远看不到。",
  addNote: "添加备注",
  noteBy: "内部备注 · {name}",
  noteAdded: "备注已添加，仅客服可见。",
  newNote: "{name} 给 {user} 添加了备注：{text}",
  canned: "快捷回复",
  cannedList: "匹配 {code} 的快捷回复",
  cannedNone: "没有以 {code} 开头的快捷回复。",
  cannedShared: "公共",
  cannedOwn: "个人",
  cannedChosen: "已填入快捷回复 {code}，请修改后发送。",
  cannedAttached: "该回复中的 {n} 个图片或媒体也会一并发送。",
  removeAttached: "移除",
  cannedSave: "存为快捷回复",
  cannedCode: "短码",
  cannedCodeHint: "在输入框中输入 / 加短码即可找到，例如 /refund。",
  cannedSharedLabel: "共享给本机器人的所有客服",
  cannedEmpty: "请先写好回复再保存。",
  cannedSaved: "已存为快捷回复 {code}。",
  cannedConflict: "已有同短码的公共回复，公共回复只能由机器人后台修改。请换一个短码。",
  save: "保存",
  cancel: "取消",
  groups: "技能组",
  groupOption: "{name}（{n} 人在线）",
  timeoutNotice: "{name} 已退回等待队列：未在时限内首次回复。",
  idleNotice: "与 {name} 的会话因长时间无人发言已自动结束。",
  awayNotice: "多位用户未获回复，系统已将你设为“离开”。改回“在线”即可继续接待。",
  dismiss: "关闭",
  reportsTitle: "报表",
  period: "时间范围",
  period1: "最近 24 小时",
  period7: "最近 7 天",
  period30: "最近 30 天",
  by: "维度",
  byAgent: "客服",
  byGroup: "技能组",
  refresh: "刷新",
  loading: "加载中…",
  name: "名称",
  total: "全部",
  sessionsCol: "会话数",
  avgWait: "平均等待",
  p90Wait: "p90 等待",
  firstResponse: "首次响应",
  handling: "处理时长",
  ratingsCol: "评价数",
  avgRating: "平均评分",
  chartSessions: "接待会话数",
  chartWait: "等待时长：平均与 p90",
  chartFirst: "平均首次响应时间",
  chartRating: "平均评分（1–5）",
  chartEmpty: "该时间段内没有数据。",
  reportEmpty: "暂无可统计的客服或技能组。",
  secondsShort: "{n} 秒",
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

/** Fills every `data-i18n` element (and `data-i18n-placeholder`, `-label`) under `root`. */
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
  for (const el of Array.from(root.querySelectorAll<HTMLElement>("[data-i18n-label]"))) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel as Word));
  }
}

/** The language in use, for numbers and dates ("zh-CN" or "en"). */
export const locale = () => (lang === "zh" ? "zh-CN" : "en");

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
