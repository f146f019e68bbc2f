// The workbench's words (files, typing and read state, tags, hand-over notes, alerts), kept
// apart from i18n.ts so the two grow without treading on each other; i18n.ts spreads them in.
export const workbenchEn = {
  file: "[file]",
  attach: "Attach a file",
  uploading: "Uploading {name}…",
  uploadFailed: "Could not upload {name}: {msg}",
  dropHere: "Drop files to send them",
  uploadOffline: "kefu cannot be reached",
  userTyping: "typing…",
  userRead: "Read",
};

export const workbenchZh: typeof workbenchEn = {
  file: "[文件]",
  attach: "发送文件",
  uploading: "正在上传 {name}…",
  uploadFailed: "{name} 上传失败：{msg}",
  dropHere: "松开即可发送文件",
  uploadOffline: "无法连接 kefu",
  userTyping: "正在输入…",
  userRead: "已读",
};
