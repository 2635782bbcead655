import { forgetAllRecordings } from "../session/answer-recordings.js";
import { Code, ConnectError, describeError, interviewClient, interviewClientFor, PAGE_HEADER } from "../api/client.js";
import { accountStatus, forgetKey, isWellFormedKey, storedKey, useKey } from "../api/identity.js";
import { h, notice, replace } from "../ui/dom.js";
import type { Page } from "./page.js";

const MALFORMED = "A key is 16 to 128 characters: letters, digits, “-” and “_”. Check that it was copied whole.";

/**
 * The account: this browser's key (masked, revealed on demand, copied), signing in with a key from another
 * device, and signing out. With sign-in through an identity provider: who is signed in, a key for the command
 * line, and signing out. Either way, deleting all of the user's data.
 */
export function accountPage(options: { keyRequired?: boolean } = {}): Page {
  const status = accountStatus();
  const element = h(
    "section",
    { class: "page account stack", "aria-labelledby": "account-title" },
    h("h1", { id: "account-title" }, "Account"),
  );
  if (status.mode === "openid-connect") {
    element.append(signedInCard(status.name ?? "you"), deleteDataCard(true));
  } else {
    if (options.keyRequired) {
      element.append(notice("info", "This server needs a key. Paste the key you were given, or the one another device of yours shows under Account."));
    }
    const key = storedKey();
    if (key) {
      element.append(keyCard(key));
    }
    if (key) {
      element.append(deleteDataCard(false));
    }
    element.append(signInCard(status.mode === "registered-key"));
  }
  return { element, title: "Account" };
}

/** The key, masked until revealed, with copy and the warning that it opens the history. */
function keyCard(key: string): HTMLElement {
  const masked = `${"•".repeat(12)}${key.slice(-4)}`;
  const value = h("code", { class: "account-key", "data-masked": "true" }, masked);
  const reveal = h("button", { type: "button", class: "button small secondary", "aria-pressed": "false" }, "Reveal");
  const copy = h("button", { type: "button", class: "button small secondary" }, "Copy");
  const feedback = h("span", { class: "muted", role: "status" });
  const signOut = h("button", { type: "button", class: "button secondary" }, "Sign out of this browser");
  reveal.addEventListener("click", () => {
    const shown = value.dataset.masked === "true";
    value.textContent = shown ? key : masked;
    value.dataset.masked = String(!shown);
    reveal.textContent = shown ? "Hide" : "Reveal";
    reveal.setAttribute("aria-pressed", String(shown));
  });
  copy.addEventListener("click", () => void copyText(key, feedback));
  signOut.addEventListener("click", () => {
    forgetKey();
    location.hash = "#/account";
    location.reload();
  });
  return h(
    "div",
    { class: "card stack" },
    h("h2", {}, "Your key"),
    h("p", {}, "This key is your account: it opens your interviews and reports on any device, and in the ", h("code", {}, "rehearse"), " command line (", h("code", {}, "rehearse key use KEY"), ")."),
    h("div", { class: "row wrap" }, value, reveal, copy, feedback),
    notice("warning", "Whoever has this key has your interviews. Keep it private, like a password. Without it, clearing this browser's data loses your history."),
    h("div", { class: "row wrap" }, signOut, h("span", { class: "muted" }, "Forgets the key here. Your interviews stay on the server: the key brings them back.")),
  );
}

/** Paste a key: checked for its form here, then with the server (which refuses unknown keys when it requires registered ones). */
function signInCard(registeredOnly: boolean): HTMLElement {
  const input = h("input", { id: "sign-in-key", type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "sign-in-key-hint" });
  const error = h("div", { class: "form-error", "aria-live": "assertive" });
  const submit = h("button", { type: "submit", class: "button primary" }, "Use this key");
  const form = h(
    "form",
    { class: "card stack" },
    h("h2", {}, "Use a key from another device"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "sign-in-key" }, "Key"),
      input,
      h("span", { class: "hint", id: "sign-in-key-hint" }, registeredOnly ? "The key you were given, or the one shown under Account on another device." : "Copy it from Account on the other device. This browser then shows that key's interviews."),
    ),
    error,
    h("div", { class: "row" }, submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    replace(error);
    if (!isWellFormedKey(key)) {
      replace(error, notice("error", MALFORMED));
      input.focus();
      return;
    }
    submit.disabled = true;
    void interviewClientFor(key)
      .listSessions({ pageSize: 1 })
      .then(() => {
        useKey(key);
        location.hash = "#/history";
        location.reload();
      })
      .catch((failure: unknown) => {
        const code = ConnectError.from(failure).code;
        replace(error, notice("error", code === Code.Unauthenticated ? "This server does not know that key. Check it, or ask whoever runs the server for one." : describeError(failure)));
        input.focus();
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return form;
}

/** Signed in through the identity provider: a key for the command line, and signing out. */
function signedInCard(name: string): HTMLElement {
  const result = h("div", { class: "stack" });
  const issue = h("button", { type: "button", class: "button secondary" }, "Get a key for the command line");
  const signOut = h("button", { type: "button", class: "button secondary" }, "Sign out");
  issue.addEventListener("click", () => {
    issue.disabled = true;
    void post("/account/key")
      .then(async (response) => {
        const { key } = (await response.json()) as { key: string };
        const feedback = h("span", { class: "muted", role: "status" });
        const copy = h("button", { type: "button", class: "button small secondary", onclick: () => void copyText(key, feedback) }, "Copy");
        replace(
          result,
          h("div", { class: "row wrap" }, h("code", { class: "account-key" }, key), copy, feedback),
          h("p", {}, "Use it with ", h("code", {}, "rehearse key use KEY"), ". It is shown once; getting another one stops this one."),
          notice("warning", "Whoever has this key has your interviews. Keep it private, like a password."),
        );
      })
      .catch((failure: unknown) => replace(result, notice("error", `No key was issued: ${failure instanceof Error ? failure.message : String(failure)}`)))
      .finally(() => {
        issue.disabled = false;
      });
  });
  signOut.addEventListener("click", () => {
    void post("/account/sign-out").finally(() => location.assign("/"));
  });
  return h(
    "div",
    { class: "card stack" },
    h("h2", {}, `Signed in as ${name}`),
    h("p", {}, "Your interviews follow your sign-in on every device. For the command line, get a personal key; a new key replaces the previous one."),
    h("div", { class: "row wrap" }, issue, signOut),
    result,
  );
}

/**
 * Deletes every interview, report and recording of this user and the user itself, after a confirmation step. The
 * page then forgets the key (or signs out): the server no longer knows it as the deleted user.
 */
function deleteDataCard(signedIn: boolean): HTMLElement {
  const result = h("div", { class: "stack", "aria-live": "polite" });
  const start = h("button", { type: "button", class: "button danger" }, "Delete all my data");
  const confirm = h("button", { type: "button", class: "button danger" }, "Yes, delete everything");
  const cancel = h("button", { type: "button", class: "button secondary" }, "Cancel");
  const confirmation = h(
    "div",
    { class: "stack", hidden: true },
    notice("warning", "This deletes all your interviews, reports and recordings on this server, and your account. It cannot be undone."),
    h("div", { class: "row wrap" }, confirm, cancel),
  );
  start.addEventListener("click", () => {
    start.hidden = true;
    confirmation.hidden = false;
    cancel.focus();
  });
  cancel.addEventListener("click", () => {
    confirmation.hidden = true;
    start.hidden = false;
    start.focus();
  });
  confirm.addEventListener("click", () => {
    confirm.disabled = true;
    cancel.disabled = true;
    void interviewClient()
      .deleteUserData({})
      .then(async () => {
        forgetAllRecordings();
        if (signedIn) {
          await post("/account/sign-out").catch(() => undefined);
          location.assign("/");
        } else {
          forgetKey();
          location.hash = "#/account";
          location.reload();
        }
      })
      .catch((failure: unknown) => {
        replace(result, notice("error", `Nothing was deleted: ${describeError(failure)}`));
        confirm.disabled = false;
        cancel.disabled = false;
      });
  });
  return h(
    "div",
    { class: "card stack" },
    h("h2", {}, "Delete all my data"),
    h("p", {}, "Deletes every interview of yours on this server with its answers, recordings and report, and your account."),
    h("div", { class: "row wrap" }, start),
    confirmation,
    result,
  );
}

async function post(path: string): Promise<Response> {
  const response = await fetch(path, { method: "POST", headers: { [PAGE_HEADER]: "web" }, cache: "no-store" });
  if (!response.ok) {
    throw new Error(response.status === 401 ? "you are no longer signed in; reload the page." : `the server answered ${response.status}.`);
  }
  return response;
}

async function copyText(text: string, feedback: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    feedback.textContent = "Copied.";
  } catch {
    feedback.textContent = "Copying is blocked here: reveal the key and copy it by hand.";
  }
}
