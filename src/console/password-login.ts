// The login page's second way in (issue 16): a login name and password, and a TOTP code
// once the server asks for one. POST /auth/login answers a console session, which is then
// the token the WebSocket login takes, as a pasted token would be.
import { aw } from "./admin-words";
import { byId } from "./dom";

const TOKEN = "kefu.token";

export function bindPasswordLogin(loggedIn: () => void): void {
  const form = byId<HTMLFormElement>("password-form");
  const totpRow = byId("totp-row");
  const error = byId("password-error");
  const label = (id: string, text: string) => {
    byId(id).textContent = text;
  };
  label("password-title", aw("passwordTitle"));
  label("login-name-label", aw("loginName"));
  label("login-password-label", aw("password"));
  label("login-totp-label", aw("totpCode"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const totp = byId<HTMLInputElement>("login-totp").value.trim();
    const res = await fetch("/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        login: byId<HTMLInputElement>("login-name").value.trim(),
        password: byId<HTMLInputElement>("login-password").value,
        ...(totp ? { totp } : {}),
      }),
    });
    const body = (await res.json()) as { code: number; msg: string; data?: { token: string } };
    if (body.code === 0 && body.data) {
      byId<HTMLInputElement>("login-password").value = "";
      byId<HTMLInputElement>("login-totp").value = "";
      totpRow.hidden = true;
      sessionStorage.setItem(TOKEN, body.data.token);
      loggedIn();
      return;
    }
    if (body.msg === "a TOTP code is required") {
      totpRow.hidden = false;
      error.textContent = aw("totpNeeded");
      byId<HTMLInputElement>("login-totp").focus();
    } else error.textContent = res.status === 429 ? aw("locked") : aw("wrongLogin");
  });
}
