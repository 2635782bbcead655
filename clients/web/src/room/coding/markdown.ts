/**
 * The Markdown of problem statements, parsed into plain data: paragraphs, headings, lists and fenced code, with
 * inline code, bold and italics. No HTML passes through: a tag in the text stays text, and the view builds
 * elements from this data with textContent only (markdown-view.ts), so a statement can never inject markup.
 */
export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "strong"; readonly children: readonly Inline[] }
  | { readonly kind: "em"; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: "paragraph"; readonly inlines: readonly Inline[] }
  | { readonly kind: "heading"; readonly level: number; readonly inlines: readonly Inline[] }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "list"; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] };

const FENCE = /^\s*```/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) {
      blocks.push({ kind: "paragraph", inlines: parseInline(paragraph.join(" ")) });
      paragraph = [];
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i]!); i++) {
        code.push(lines[i]!);
      }
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    if (line.trim() === "") {
      endParagraph();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      blocks.push({ kind: "heading", level: heading[1]!.length, inlines: parseInline(heading[2]!.trim()) });
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      endParagraph();
      const pattern = ordered ? NUMBERED : BULLET;
      const items: Inline[][] = [];
      for (; i < lines.length; i++) {
        const item = pattern.exec(lines[i]!);
        if (item) {
          items.push(parseInline(item[1]!.trim()));
        } else if (items.length > 0 && /^\s+\S/.test(lines[i]!)) {
          // An indented line goes on with the item above it.
          const last = items.pop()!;
          items.push([...last, { kind: "text", text: " " }, ...parseInline(lines[i]!.trim())]);
        } else {
          break;
        }
      }
      i--;
      blocks.push({ kind: "list", ordered, items });
      continue;
    }
    paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}

/** Inline code first (nothing inside it is markup), then **bold** and *italic* / _italic_. */
export function parseInline(text: string): Inline[] {
  const result: Inline[] = [];
  let plain = "";
  const flush = () => {
    if (plain) {
      result.push({ kind: "text", text: plain });
      plain = "";
    }
  };
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i);
    const code = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (code) {
      flush();
      result.push({ kind: "code", text: code[2]!.trim() === "" ? code[2]! : code[2]!.replace(/^ (.*) $/, "$1") });
      i += code[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      flush();
      result.push({ kind: "strong", children: parseInline(strong[2]!) });
      i += strong[0].length;
      continue;
    }
    // An underscore inside a word (snake_case) is not emphasis.
    const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![\w*])/.exec(rest);
    if (em && !(em[1] === "_" && /\w$/.test(plain))) {
      flush();
      result.push({ kind: "em", children: parseInline(em[2]!) });
      i += em[0].length;
      continue;
    }
    plain += text[i];
    i++;
  }
  flush();
  return result;
}
