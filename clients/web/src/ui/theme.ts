/**
 * Light and dark themes: follows the system (prefers-color-scheme) until the person picks one with the
 * toggle, which is remembered.
 */
const STORAGE_KEY = "rehearse.theme";

/**
 * Applies the remembered theme. Run by theme.js, a blocking script in the page's head, before first paint (so
 * there is no flash of the other theme), since the Content-Security-Policy allows no inline script.
 */
export function applySavedTheme(): void {
  try {
    const theme = localStorage.getItem(STORAGE_KEY);
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch {
    // storage unavailable: follow the system
  }
}

export function initTheme(toggle: HTMLButtonElement): void {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const effective = () => (document.documentElement.dataset.theme ?? (media.matches ? "dark" : "light")) as "light" | "dark";
  const label = () => {
    const next = effective() === "dark" ? "light" : "dark";
    toggle.setAttribute("aria-label", `Switch to ${next} theme`);
    toggle.title = `Switch to ${next} theme`;
  };
  toggle.addEventListener("click", () => {
    const next = effective() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered; still applies to this page
    }
    label();
  });
  media.addEventListener("change", label);
  label();
}
