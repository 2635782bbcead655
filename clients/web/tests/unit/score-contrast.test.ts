import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

// The score badges (report and history) from the stylesheet itself: text colour against each score colour, in
// the light and the dark theme, must reach WCAG AA for normal text (4.5:1).
const css = readFileSync("src/app.css", "utf8");

/** The light and dark sides of a custom property declared as light-dark(#rrggbb, #rrggbb) in :root. */
function themeColours(property: string): { light: string; dark: string } {
  const match = new RegExp(`${property}:\\s*light-dark\\((#[0-9a-f]{6}),\\s*(#[0-9a-f]{6})\\)`, "i").exec(css);
  assert.ok(match, `${property} is declared as light-dark(#rrggbb, #rrggbb) in app.css`);
  return { light: match[1]!, dark: match[2]! };
}

/** The custom property a rule's declaration uses, e.g. "color: var(--on-tone)" in ".score-badge {". */
function declaredVariable(selector: string, declaration: string): string {
  const rule = new RegExp(`(^|\\n)${selector.replace(/[.]/g, "\\.")} \\{([^}]*)\\}`).exec(css);
  assert.ok(rule, `app.css has a ${selector} rule`);
  const value = new RegExp(`(^|\\s)${declaration}:\\s*var\\((--[a-z-]+)`).exec(rule[2]!);
  assert.ok(value, `${selector} sets ${declaration} from a custom property`);
  return value[2]!;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

describe("score badge contrast", () => {
  it("computes the WCAG ratio (white on black is 21:1, a colour on itself 1:1)", () => {
    assert.equal(contrast("#ffffff", "#000000").toFixed(1), "21.0");
    assert.equal(contrast("#ff7a70", "#ff7a70"), 1);
    // The dark theme's weak score colour with white text, as it was: 2.54:1.
    assert.equal(contrast("#ffffff", "#ff7a70").toFixed(2), "2.54");
  });

  it("reaches 4.5:1 for the badge text on every score colour in both themes", () => {
    const text = themeColours(declaredVariable(".score-badge", "color"));
    for (const tone of ["--good", "--fair", "--weak", "--muted"]) {
      const background = themeColours(tone);
      for (const theme of ["light", "dark"] as const) {
        const ratio = contrast(text[theme], background[theme]);
        assert.ok(ratio >= 4.5, `${theme} theme: ${text[theme]} on ${tone} ${background[theme]} is ${ratio.toFixed(2)}:1`);
      }
    }
  });
});
