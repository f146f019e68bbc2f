// The playground's side of typing and read state (issue 17), as a bot would do it: the
// user's keystrokes become /api/chat/user_typing (at most every few seconds), each agent
// reply shown becomes /api/chat/user_read, and the agent's agent_typing events show
// "typing…" under the conversation.
import { byId } from "./dom";
import { t } from "./i18n";

type Post = (path: string, body: Record<string, unknown>) => Promise<unknown>;

const EVERY_MS = 3000;

export function playgroundSignals(post: Post, userid: () => string) {
  const line = byId("agent-typing");
  let typedAt = 0;
  byId("say").addEventListener("input", () => {
    if (Date.now() - typedAt < EVERY_MS) return;
    typedAt = Date.now();
    void post("/api/chat/user_typing", { userid: userid(), typing: true });
  });
  return {
    /** An event of the user's from the feed. */
    event(e: { event: string; typing?: number; timestamp?: number }): void {
      if (e.event === "agent_typing") {
        line.hidden = e.typing !== 1;
        line.textContent = t("userTyping");
      }
      if (e.event === "agent_message") {
        line.hidden = true;
        if (e.timestamp !== undefined)
          void post("/api/chat/user_read", { userid: userid(), read_to: e.timestamp });
      }
    },
    /** The user sent: no longer typing. */
    sent(): void {
      typedAt = 0;
    },
  };
}
