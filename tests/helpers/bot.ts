// A test bot backend: calls kefu's HTTP API with an api key.
export interface ApiReply<T = Record<string, unknown>> {
  status: number;
  /** `data` is there on success only. */
  body: { code: number; msg: string; data: T };
}

export class TestBot {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    apiKey = this.apiKey,
  ): Promise<ApiReply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as ApiReply<T>["body"] };
  }

  async get<T = Record<string, unknown>>(path: string): Promise<ApiReply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
    return { status: res.status, body: (await res.json()) as ApiReply<T>["body"] };
  }

  /** A user's text message, handed to the desk. */
  say(userid: string, text: string, extra: Record<string, unknown> = {}) {
    return this.post<{
      session_id: number | null;
      state: string;
      customer_id: number | null;
      position: number | null;
      estimated_wait_s: number | null;
      closed?: true;
      next_open?: number | null;
      agents_online?: number;
    }>("/api/chat/user_message", {
      userid,
      user_query: [{ type: "text", value: { text } }],
      ...extra,
    });
  }
}
