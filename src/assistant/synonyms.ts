// Words a customer and a knowledge base use for the same thing. Each group is folded into
// its first word, both when indexing and when querying, so "parcel" finds "package" and 退钱
// finds 退款. General help-desk vocabulary only: a bot's own jargon belongs in its entries'
// extra questions.

const GROUPS: string[][] = [
  // 中文
  ["修改", "更改", "改", "变更", "改成", "改一下", "重新设置", "重设", "设置"],
  ["更换", "换", "调换", "换货", "替换", "改绑"],
  ["密码", "口令"],
  ["账号", "账户", "帐号", "帐户"],
  ["注销", "删除", "销户", "删掉", "销掉"],
  ["物流", "快递", "包裹", "运单", "配送"],
  ["发货", "寄出", "发出", "出库"],
  ["取消", "撤销", "撤回", "不要"],
  ["退款", "退钱", "退费"],
  ["退货", "退回", "寄回", "退回去", "退"],
  ["发票", "开票", "报销"],
  ["支付", "付款", "付钱", "扣款", "扣钱", "扣费", "付"],
  ["优惠券", "券", "抵扣券", "代金券", "折扣券"],
  ["过期", "失效", "到期"],
  ["会员", "vip"],
  ["权益", "好处", "福利", "特权", "优惠"],
  ["续费", "包月", "续订", "续期"],
  ["运费", "邮费", "快递费"],
  ["国外", "海外", "境外", "国际"],
  ["破损", "坏", "坏了", "损坏", "摔碎", "碎", "碎了"],
  ["少", "缺", "漏发", "少发", "缺少"],
  ["客服", "人工"],
  ["认证", "验证", "核验"],
  ["冻结", "封", "封号", "限制", "锁定", "解封"],
  ["昵称", "用户名", "名字", "名称"],
  ["闪退", "崩溃", "卡死"],
  ["验证码", "校验码", "动态码"],
  ["降价", "便宜", "差价", "价保"],
  ["保修", "质保", "维修"],
  ["预售", "预订", "定金", "预定"],
  ["收货", "收件"],
  ["app", "application", "应用", "软件", "客户端"],
  // English
  ["change", "update", "modify", "edit", "switch"],
  ["delete", "remove", "deactivate", "erase"],
  ["order", "purchase"],
  ["package", "parcel", "shipment"],
  ["cancel", "stop"],
  ["refund", "reimburse", "reimbursement"],
  ["exchange", "swap"],
  ["payment", "pay", "paying", "charge"],
  ["decline", "declined", "reject", "rejected", "fail", "failed", "refused"],
  ["invoice", "receipt", "bill"],
  ["promo", "discount", "coupon", "voucher"],
  ["subscription", "membership"],
  ["renew", "renewal", "renewing"],
  ["price", "cost", "pricing", "costs"],
  ["trial", "try"],
  ["international", "internationally", "abroad", "overseas"],
  ["damage", "damaged", "broken", "broke", "crushed", "smashed", "cracked"],
  ["missing", "lost"],
  ["2fa", "mfa", "two", "authenticator"],
  ["locked", "suspended", "disabled", "banned", "blocked", "lock"],
  ["username", "nickname"],
  ["crash", "crashing", "crashes", "freeze", "freezes", "quits"],
  ["otp", "code"],
  ["verification", "verify", "sms"],
  ["warranty", "guarantee"],
  ["email", "mail"],
  ["login", "signin", "log", "sign"],
  ["data", "information", "info"],
  ["download", "export"],
  ["ship", "shipping", "delivery", "deliver"],
  ["agent", "human", "support"],
];

const CANONICAL = new Map<string, string>();
for (const [head, ...rest] of GROUPS) {
  if (!head) continue;
  CANONICAL.set(head, head);
  for (const w of rest) CANONICAL.set(w, head);
}

/** The word every synonym of `word` is indexed under (the word itself if it has none). */
export function canonical(word: string): string {
  return (
    CANONICAL.get(word) ??
    (word.endsWith("s") ? CANONICAL.get(word.slice(0, -1)) : undefined) ??
    word
  );
}

/** Whether the table has this word. */
export function isKnown(word: string): boolean {
  return CANONICAL.has(word);
}
