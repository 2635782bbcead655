import { replace } from "./ui/dom.js";
import { initTheme } from "./ui/theme.js";
import type { Page } from "./pages/page.js";
import { accountStatus, loadAccountStatus, storedKey } from "./api/identity.js";
import { accountPage } from "./pages/account.js";
import { historyPage } from "./pages/history.js";
import { reportPage } from "./pages/report.js";
import { roomPage } from "./pages/room.js";
import { setupPage } from "./pages/setup.js";

const main = document.getElementById("main")!;
let current: Page | undefined;

/**
 * Routes: #/ set-up, #/session/<id> interview room, #/report/<id>, #/history, #/account. A server that requires
 * registered keys gets the account page, asking for a key, until this browser has one.
 */
function route(): void {
  current?.dispose?.();
  current = undefined;
  const [, section = "", id = ""] = location.hash.replace(/^#/, "").split("/");
  let name: string;
  if (accountStatus().mode === "registered-key" && !storedKey()) {
    name = "account";
    current = accountPage({ keyRequired: section !== "account" });
  } else if (section === "account") {
    name = "account";
    current = accountPage();
  } else if (section === "session" && id) {
    name = "room";
    current = roomPage(decodeURIComponent(id));
  } else if (section === "report" && id) {
    name = "report";
    current = reportPage(decodeURIComponent(id));
  } else if (section === "history") {
    name = "history";
    current = historyPage();
  } else {
    name = "setup";
    current = setupPage();
  }
  document.body.dataset.page = name;
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a[data-route]")) {
    if (link.dataset.route === name) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  replace(main, current.element);
  document.title = `${current.title} — Rehearse`;
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

initTheme(document.getElementById("theme-toggle") as HTMLButtonElement);
window.addEventListener("hashchange", route);
void loadAccountStatus().then(route);
