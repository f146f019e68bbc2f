// The admin pages' calls to the HTTP API with the console session as the bearer: the data of
// a success, or null with the failure written into the page part's status line.
import { aw } from "./admin-words";
import { byId } from "./dom";
import { storedToken } from "./login";

export async function adminCall<T>(
  statusId: string,
  path: string,
  body: object = {},
  method: "GET" | "POST" = "POST",
): Promise<T | null> {
  const res = await fetch(path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${storedToken() ?? ""}` },
    ...(method === "POST" ? { body: JSON.stringify(body) } : {}),
  });
  const reply = (await res.json()) as { code: number; msg: string; data?: T };
  byId(statusId).textContent = reply.code === 0 ? "" : aw("failed", { msg: reply.msg });
  return reply.code === 0 ? (reply.data ?? null) : null;
}

/** The text of a message's items, as a list shows it. */
export function itemsText(items: { type: string; value: { text?: string } }[]): string {
  return items.map((i) => i.value.text ?? `[${i.type}]`).join(" ");
}
