// The login form, and what the desk's refusals mean in plain words (seed 3.3, 3.5, 3.6).
import { byId } from "./dom";
import { t } from "./i18n";

const TOKEN = "kefu.token";

/** The token is kept for this browser tab only (sessionStorage), never on disk for good. */
export const storedToken = () => sessionStorage.getItem(TOKEN);
export const forgetToken = () => sessionStorage.removeItem(TOKEN);

export type Refusal = { code: number; msg?: string } | "kicked" | "refused" | null;

/** `typed`: the token the field keeps (one just refused); else the stored one, if any. */
export function showLogin(why: Refusal, typed?: string | null): void {
  byId("desk").hidden = true;
  byId("reports").hidden = true;
  byId("views").hidden = true;
  byId("me").hidden = true;
  byId("banner").hidden = true;
  byId("login").hidden = false;
  const error = byId("login-error");
  const force = byId("force-login");
  force.hidden = true;
  error.textContent = "";
  if (why === "kicked") {
    error.textContent = t("err492");
    force.hidden = false;
  } else if (why === "refused") {
    error.textContent = t("errClosed");
  } else if (why?.code === 440) {
    error.textContent = t("err440");
  } else if (why?.code === 490) {
    error.textContent = t("err490");
    force.hidden = false;
  } else if (why) {
    error.textContent = t("errOther", { msg: why.msg ?? String(why.code) });
  }
  const input = byId<HTMLInputElement>("token");
  input.value = typed ?? storedToken() ?? "";
  input.focus();
  input.select();
}

/** `submit(force)` runs with the token stored, when the agent logs in or insists. */
export function bindLogin(submit: (force: boolean) => void): void {
  const input = byId<HTMLInputElement>("token");
  byId<HTMLFormElement>("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN, input.value.trim());
    submit(false);
  });
  byId("force-login").addEventListener("click", () => {
    if (input.value.trim()) sessionStorage.setItem(TOKEN, input.value.trim());
    submit(true);
  });
}
