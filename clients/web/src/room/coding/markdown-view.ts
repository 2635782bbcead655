import { h } from "../../ui/dom.js";
import { parseMarkdown, type Block, type Inline } from "./markdown.js";

/** A problem statement's Markdown as elements: every piece of text goes in as a text node, never as HTML. */
export function renderMarkdown(markdown: string): HTMLElement {
  return h("div", { class: "markdown" }, parseMarkdown(markdown).map(block));
}

function block(b: Block): HTMLElement {
  switch (b.kind) {
    case "paragraph":
      return h("p", {}, b.inlines.map(inline));
    case "heading":
      // Statements sit under the room's own headings: their headings start two levels down.
      return h(b.level <= 1 ? "h3" : "h4", {}, b.inlines.map(inline));
    case "code":
      return h("pre", {}, h("code", {}, b.text));
    case "list":
      return h(b.ordered ? "ol" : "ul", {}, b.items.map((item) => h("li", {}, item.map(inline))));
  }
}

function inline(i: Inline): Node {
  switch (i.kind) {
    case "text":
      return document.createTextNode(i.text);
    case "code":
      return h("code", {}, i.text);
    case "strong":
      return h("strong", {}, i.children.map(inline));
    case "em":
      return h("em", {}, i.children.map(inline));
  }
}
