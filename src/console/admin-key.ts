// The Admin page's api key (issue 16): a new key for the bot, shown once on the page, after a
// warning that the old one stops at once (every backend using it must be given the new one).
// Over POST /api/bot/api_key with the console session as the bearer.
import { adminCall } from "./admin-api";
import { aw } from "./admin-words";
import { byId } from "./dom";

export class ApiKeyView {
  constructor() {
    byId("api-key-rotate").addEventListener("click", () => void this.rotate());
  }

  load(): void {
    byId("api-key-title").textContent = aw("apiKeyTitle");
    byId("api-key-warning").textContent = aw("apiKeyWarning");
    byId("api-key-rotate").textContent = aw("apiKeyRotate");
  }

  private async rotate(): Promise<void> {
    if (!confirm(aw("apiKeyConfirm"))) return;
    const made = await adminCall<{ api_key: string }>("api-key-status", "/api/bot/api_key");
    if (made) {
      byId("api-key-new").textContent = aw("apiKeyShown", { key: made.api_key });
      byId("api-key-new").hidden = false;
    }
  }
}
