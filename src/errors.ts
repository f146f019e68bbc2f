// The one table of failure codes. The agent protocol sends `code`; the HTTP API uses the
// same number as its `code` and the matching HTTP status. Everything else derives from here.
export const ERRORS = {
  badRequest: { code: 400, status: 400, msg: "bad request" },
  unauthorized: { code: 401, status: 401, msg: "not logged in" },
  forbidden: { code: 403, status: 403, msg: "forbidden: not your bot" },
  notFound: { code: 404, status: 404, msg: "not found" },
  conflict: { code: 409, status: 409, msg: "conflict" },
  tooLarge: { code: 413, status: 413, msg: "request too large" },
  unsupportedType: { code: 415, status: 415, msg: "unsupported file type" },
  tooMany: { code: 429, status: 429, msg: "too many requests, slow down" },
  invalidToken: { code: 440, status: 401, msg: "Invalid token" },
  loggedInElsewhere: { code: 490, status: 409, msg: "该账号已在别处登录" },
  kicked: { code: 492, status: 409, msg: "该账号已在别处登录，你已被强制下线" },
  internal: { code: 500, status: 500, msg: "internal error" },
  notServing: { code: 503, status: 503, msg: "this node does not serve now; try another" },
} as const;

export type ErrorName = keyof typeof ERRORS;
export type HttpErrorStatus = (typeof ERRORS)[ErrorName]["status"];

/** Thrown by handlers; the protocol dispatcher and the HTTP layer turn it into a reply. */
export class DeskError extends Error {
  readonly code: number;
  readonly status: HttpErrorStatus;

  constructor(name: ErrorName, msg?: string) {
    const e = ERRORS[name];
    super(msg ?? e.msg);
    this.code = e.code;
    this.status = e.status;
  }
}

// WebSocket close codes kefu uses, in one place. 1000–1015 are the RFC's; 4000+ are kefu's.
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  // A node of several that lost its lease or its bus: reconnect, here or elsewhere.
  notServing: 1013,
  tooBig: 1009,
  heartbeatTimeout: 4000,
  loginTimeout: 4001,
  replaced: 4002,
  tooManyFailedLogins: 4003,
  tokenRevoked: 4004,
} as const;
