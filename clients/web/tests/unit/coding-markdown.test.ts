import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseInline, parseMarkdown } from "../../src/room/coding/markdown.js";

describe("parseMarkdown", () => {
  it("reads a problem statement: paragraphs joined across lines, inline code and bold", () => {
    const blocks = parseMarkdown(
      "Given an array of integers `nums` and an integer `target`, return the indices\nof the two numbers.\n\n**Constraints:** `2 <= nums.length`.",
    );

    assert.deepEqual(blocks, [
      {
        kind: "paragraph",
        inlines: [
          { kind: "text", text: "Given an array of integers " },
          { kind: "code", text: "nums" },
          { kind: "text", text: " and an integer " },
          { kind: "code", text: "target" },
          { kind: "text", text: ", return the indices of the two numbers." },
        ],
      },
      { kind: "paragraph", inlines: [{ kind: "strong", children: [{ kind: "text", text: "Constraints:" }] }, { kind: "text", text: " " }, { kind: "code", text: "2 <= nums.length" }, { kind: "text", text: "." }] },
    ]);
  });

  it("keeps HTML as text: a tag in a statement is never markup", () => {
    const blocks = parseMarkdown("<img src=x onerror=alert(1)> and <script>alert(2)</script>");

    assert.deepEqual(blocks, [{ kind: "paragraph", inlines: [{ kind: "text", text: "<img src=x onerror=alert(1)> and <script>alert(2)</script>" }] }]);
  });

  it("reads fenced code verbatim, lists, numbered lists and headings", () => {
    const blocks = parseMarkdown("# Title\n\n```python\ndef f(**kwargs):\n    return `x`\n```\n- one `a`\n- two\n  continued\n\n1. first\n2. *second*");

    assert.deepEqual(blocks, [
      { kind: "heading", level: 1, inlines: [{ kind: "text", text: "Title" }] },
      { kind: "code", text: "def f(**kwargs):\n    return `x`" },
      {
        kind: "list",
        ordered: false,
        items: [
          [{ kind: "text", text: "one " }, { kind: "code", text: "a" }],
          [{ kind: "text", text: "two" }, { kind: "text", text: " " }, { kind: "text", text: "continued" }],
        ],
      },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "first" }], [{ kind: "em", children: [{ kind: "text", text: "second" }] }]] },
    ]);
  });
});

describe("parseInline", () => {
  it("leaves snake_case names and lone stars alone, and reads no markup inside code", () => {
    assert.deepEqual(parseInline("call two_sum_fast with 2 * 3 * 4"), [{ kind: "text", text: "call two_sum_fast with 2 * 3 * 4" }]);
    assert.deepEqual(parseInline("`**not bold**` _it_"), [
      { kind: "code", text: "**not bold**" },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "it" }] },
    ]);
  });

  it("keeps an unclosed backtick as text", () => {
    assert.deepEqual(parseInline("a ` b"), [{ kind: "text", text: "a ` b" }]);
  });
});
