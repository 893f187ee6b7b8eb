"""The two front-end pages the emails link to (`/verify-email?token=…`, `/reset-password?token=…`),
served by the local gateway so a link clicked in a local .eml completes its flow. In AWS these
pages belong to the front-end at PUBLIC_BASE_URL; no Lambda serves them.

Minimal on purpose: the token comes from the query string, goes to the API with fetch() (same
origin), and every answer is shown with textContent, never as HTML.
"""

from __future__ import annotations

VERIFY_API = "/auth/verify-email"
RESET_API = "/auth/password-reset/confirm"

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
    "input,button{font:inherit;padding:.4rem;margin:.3rem 0;width:100%}"
    "#status{margin-top:1rem;font-weight:600}"
)


def _page(title: str, body: str, script: str) -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{title} · Attune</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head>\n"
        f"<body><h1>{title}</h1>\n{body}\n"
        '<p id="status" role="status" aria-live="polite"></p>\n'
        f"<script>\n{_COMMON}{script}</script></body></html>\n"
    )


_COMMON = """const token = new URLSearchParams(location.search).get("token") || "";
const status = document.getElementById("status");
function say(text) { status.textContent = text; }
async function post(path, body) {
  const answer = await fetch(path, {method: "POST",
    headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
  let detail = "";
  if (answer.status !== 204) {
    try { detail = (await answer.json()).detail || ""; } catch (e) { detail = ""; }
    if (typeof detail !== "string") { detail = JSON.stringify(detail); }
  }
  return {ok: answer.ok, status: answer.status, detail: detail};
}
"""

VERIFY_PAGE = _page(
    "Verify your email",
    "<p>Confirming your address…</p>",
    f"""(async () => {{
  if (!token) {{ say("This link has no token: open the link from your email."); return; }}
  const answer = await post("{VERIFY_API}", {{token: token}});
  document.body.dataset.done = answer.ok ? "verified" : "failed";
  say(answer.ok ? "Your email is verified. You can log in now."
                : "This link did not work (" + answer.status + "): " + answer.detail);
}})();
""",
)

RESET_PAGE = _page(
    "Choose a new password",
    """<form id="reset">
<label for="password">New password (at least 10 characters)</label>
<input id="password" name="new_password" type="password" minlength="10" required
  autocomplete="new-password">
<button type="submit">Set the new password</button>
</form>""",
    f"""const form = document.getElementById("reset");
if (!token) {{ say("This link has no token: open the link from your email."); }}
form.addEventListener("submit", async (event) => {{
  event.preventDefault();
  const answer = await post("{RESET_API}",
    {{token: token, new_password: document.getElementById("password").value}});
  document.body.dataset.done = answer.ok ? "reset" : "failed";
  if (answer.ok) {{ form.hidden = true; }}
  say(answer.ok ? "Your password is changed. Log in with the new one."
                : "That did not work (" + answer.status + "): " + answer.detail);
}});
""",
)

PAGES = {"/verify-email": VERIFY_PAGE, "/reset-password": RESET_PAGE}
