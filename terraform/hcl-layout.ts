/**
 * Where things are written in an HCL file: blocks with their labels, attributes, the items of list values and the
 * elements of object values, and comments, each with its line and column. hcl2json gives the values but no positions;
 * this reads positions from the text in one pass, in TypeScript.
 *
 * It reads the layout, not the values: an expression is skipped over (strings, templates, heredocs, comments and
 * brackets), except a whole list or object value, whose items are located. It runs on text HCL's own parser has
 * already accepted. On text it does not expect it throws `HclLayoutError`, and the caller reads the layout from a
 * tree-sitter syntax tree instead (`layoutFromSyntaxTree`); a test compares both over fixtures and generated files.
 */
import type { SourceLocation } from "../model/model";

/** A 1-based line and a 1-based column (in UTF-16 code units, as editors and SARIF count them). */
export interface LayoutPosition {
  readonly line: number;
  readonly column: number;
}

/** A body's attributes, blocks and comments, in the order written. */
export type LayoutItem = LayoutAttribute | LayoutBlock | LayoutComment;

export interface LayoutAttribute {
  readonly kind: "attribute";
  readonly name: string;
  readonly at: LayoutPosition;
  readonly value: LayoutValue;
}

export interface LayoutBlock {
  readonly kind: "block";
  readonly identifier: string;
  /** Labels as written between the quotes (escapes not decoded), or bare. */
  readonly labels: readonly string[];
  readonly at: LayoutPosition;
  readonly body: readonly LayoutItem[];
}

export interface LayoutComment {
  readonly kind: "comment";
  readonly text: string;
  readonly at: LayoutPosition;
  /** The line the comment ends on (a `/* … *\/` comment may span lines). */
  readonly endLine: number;
}

/** A value: a list (`[a, b]`) or an object (`{ k = v }`) written whole, with where each part is; anything else. */
export type LayoutValue =
  | { readonly kind: "list"; readonly items: readonly { readonly at: LayoutPosition; readonly value: LayoutValue }[] }
  | { readonly kind: "object"; readonly elements: readonly { readonly key: string; readonly at: LayoutPosition; readonly value: LayoutValue }[] }
  | { readonly kind: "other" };

/** Text this reader does not expect; the caller reads the layout another way. */
export class HclLayoutError extends Error {}

const OTHER: LayoutValue = { kind: "other" };
const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_-]/u;
const OPENING: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

/** The layout of an HCL file's top-level body. */
export function hclLayout(text: string): LayoutItem[] {
  const reader = new LayoutReader(text);
  const items = reader.body(undefined);
  return items;
}

/** Where something in a file is, as a `SourceLocation`. */
export function locationAt(file: string, at: LayoutPosition): SourceLocation {
  return { file, line: at.line, column: at.column };
}

class LayoutReader {
  private at = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  private position(): LayoutPosition {
    return { line: this.line, column: this.at - this.lineStart + 1 };
  }

  private fail(what: string): never {
    throw new HclLayoutError(`${what} at line ${this.line}, column ${this.at - this.lineStart + 1}`);
  }

  /** Moves past one character, counting lines. */
  private advance(): void {
    if (this.text.charCodeAt(this.at) === 10) {
      this.line++;
      this.lineStart = this.at + 1;
    }
    this.at++;
  }

  private skipTo(end: number): void {
    while (this.at < end) this.advance();
  }

  /** Items of a body up to `}` (consumed) or, at the top, the end of the text. */
  body(close: "}" | undefined): LayoutItem[] {
    const items: LayoutItem[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.at >= this.text.length) {
        if (close !== undefined) this.fail("an unclosed block");
        return items;
      }
      const char = this.text[this.at];
      if (close !== undefined && char === "}") {
        this.advance();
        return items;
      }
      const comment = this.comment();
      if (comment !== undefined) {
        items.push(comment);
        continue;
      }
      if (!NAME_START.test(char)) this.fail(`'${char}' where an attribute or block was expected`);
      const at = this.position();
      const name = this.name();
      this.skipBlank(false);
      if (this.text[this.at] === "=" && this.text[this.at + 1] !== "=") {
        this.advance();
        items.push({ kind: "attribute", name, at, value: this.expression("body") });
        continue;
      }
      const labels: string[] = [];
      while (this.text[this.at] !== "{") {
        if (this.text[this.at] === '"') {
          const start = this.at + 1;
          this.string();
          labels.push(this.text.slice(start, this.at - 1));
        } else if (NAME_START.test(this.text[this.at] ?? "")) labels.push(this.name());
        else this.fail("a block label or '{' expected");
        this.skipBlank(false);
      }
      this.advance();
      items.push({ kind: "block", identifier: name, labels, at, body: this.body("}") });
    }
  }

  private name(): string {
    const start = this.at;
    this.advance();
    while (this.at < this.text.length && NAME_PART.test(this.text[this.at])) this.advance();
    return this.text.slice(start, this.at);
  }

  /** Skips spaces and tabs (and newlines when `newlines`), never comments. */
  private skipBlank(newlines: boolean): void {
    for (;;) {
      const char = this.text[this.at];
      if (char === " " || char === "\t" || char === "\r" || (newlines && char === "\n")) this.advance();
      else return;
    }
  }

  /** A comment starting here, read; `undefined` when none starts here. */
  private comment(): LayoutComment | undefined {
    const { text } = this;
    const char = text[this.at];
    const at = this.position();
    const start = this.at;
    if (char === "#" || (char === "/" && text[this.at + 1] === "/")) {
      let end = text.indexOf("\n", this.at);
      if (end === -1) end = text.length;
      this.skipTo(end);
      return { kind: "comment", text: text.slice(start, end).replace(/\r$/, ""), at, endLine: at.line };
    }
    if (char === "/" && text[this.at + 1] === "*") {
      const end = text.indexOf("*/", this.at + 2);
      if (end === -1) this.fail("an unclosed comment");
      this.skipTo(end + 2);
      return { kind: "comment", text: text.slice(start, end + 2), at, endLine: this.line };
    }
    return undefined;
  }

  /**
   * An expression, up to where it ends: in a body, a newline (or the `}` of a one-line block) outside brackets; in a
   * list or object, its `,` or closing bracket (or, in an object, a newline). Returns its layout when it is a whole
   * list or object.
   */
  private expression(context: "body" | "list" | "object"): LayoutValue {
    this.skipBlank(context !== "body");
    // A comment between `=` and a list or object makes it part of the value in tree-sitter's tree, which then has no
    // items: the value is read as `other`, as there.
    const commented = this.skipComments(context !== "body");
    const char = this.text[this.at];
    // tree-sitter sees a list or object through brackets (`([1, 2])`): left to it.
    if (char === "(") {
      let after = this.at;
      while (/[(\s]/.test(this.text[after] ?? "")) after++;
      if (this.text[after] === "[" || this.text[after] === "{") this.fail("a list or object in brackets");
    }
    let value: LayoutValue = OTHER;
    if (!commented && (char === "[" || char === "{") && !this.startsFor()) {
      value = char === "[" ? this.list() : this.object();
      if (!this.endsHere(context)) value = OTHER;
    }
    this.skipExpressionRest(context);
    return value;
  }

  /** Whether `[` or `{` here opens a `for` expression. */
  private startsFor(): boolean {
    // Past any blank space and comments, however long (`[\n<deep indent>for …`, `[ # why\n  for …`).
    const saved = [this.at, this.line, this.lineStart];
    this.advance();
    this.skipBlank(true);
    this.skipComments(true);
    const starts = /^for[\s#/]/.test(this.text.slice(this.at, this.at + 4));
    [this.at, this.line, this.lineStart] = saved;
    return starts;
  }

  /** Skips comments (and blank space between them) where the grammar allows them. */
  private skipComments(newlines: boolean): boolean {
    let skipped = false;
    while (this.comment() !== undefined) {
      skipped = true;
      this.skipBlank(newlines);
    }
    return skipped;
  }

  /**
   * Whether the expression ends right here, in its context: after blanks and `/* … *\/` comments (which do not end
   * it: `[1] /* c *\/ == []` is one expression), at a line's end (in a body or an object) or at what closes or
   * separates it. Inside a list an item goes on over lines and comments (`[[1]\n == [], 2]` is a comparison).
   */
  private endsHere(context: "body" | "list" | "object"): boolean {
    const saved = [this.at, this.line, this.lineStart];
    const inList = context === "list";
    let ends: boolean;
    for (;;) {
      this.skipBlank(inList);
      const char = this.text[this.at];
      const next = this.text[this.at + 1];
      if (char === "/" && next === "*") {
        this.comment();
        continue;
      }
      if (char === "#" || (char === "/" && next === "/")) {
        if (!inList) {
          ends = true;
          break;
        }
        this.comment();
        continue;
      }
      ends =
        this.at >= this.text.length ||
        (!inList && char === "\n") ||
        (context === "body" && char === "}") ||
        (context === "list" && (char === "," || char === "]")) ||
        (context === "object" && (char === "," || char === "}"));
      break;
    }
    [this.at, this.line, this.lineStart] = saved;
    return ends;
  }

  /** Skips the rest of an expression, up to (not past) what ends it in its context. */
  private skipExpressionRest(context: "body" | "list" | "object"): void {
    for (;;) {
      if (this.at >= this.text.length) return;
      const char = this.text[this.at];
      if (char === "\n") {
        // In a body, and between an object's elements, a line's end ends the value (HCL accepts no operator carrying
        // it on there; such text is left to the other reader). In a list, lines do not end anything.
        if (context !== "list") return;
        this.advance();
        continue;
      }
      if (this.startsComment()) {
        if (context === "body") return;
        this.comment();
        continue;
      }
      if (context === "body" && char === "}") return;
      if (context === "list" && (char === "," || char === "]")) return;
      if (context === "object" && (char === "," || char === "}")) return;
      this.skipPart();
    }
  }

  /** Skips a bracketed expression, from its opening bracket past its closing one. */
  private bracketed(): void {
    const close = OPENING[this.text[this.at]];
    this.advance();
    for (;;) {
      if (this.at >= this.text.length) this.fail("an unclosed bracket");
      if (this.text[this.at] === close) {
        this.advance();
        return;
      }
      if (this.startsComment()) this.comment();
      else this.skipPart();
    }
  }

  /** Skips one part of an expression: a string, a heredoc, a bracketed group or one character. */
  private skipPart(): void {
    const char = this.text[this.at];
    if (char === '"') this.string();
    else if (char === "<" && this.text[this.at + 1] === "<" && /^<<-?[\p{L}_]/u.test(this.text.slice(this.at, this.at + 4))) this.heredoc();
    else if (OPENING[char] !== undefined) this.bracketed();
    else if (char === ")" || char === "]" || char === "}") this.fail(`an unbalanced '${char}'`);
    else this.advance();
  }

  /** Whether a comment (`#`, `//`, `/*`) starts here. */
  private startsComment(): boolean {
    const char = this.text[this.at];
    return char === "#" || (char === "/" && (this.text[this.at + 1] === "/" || this.text[this.at + 1] === "*"));
  }

  /** A list written whole: where each item starts, and the layout of items that are lists or objects. */
  private list(): LayoutValue {
    this.advance(); // [
    const items: { at: LayoutPosition; value: LayoutValue }[] = [];
    for (;;) {
      this.skipBlank(true);
      this.skipComments(true);
      if (this.text[this.at] === "]") {
        this.advance();
        return { kind: "list", items };
      }
      const at = this.position();
      const value = this.expression("list");
      items.push({ at, value });
      this.skipBlank(true);
      this.skipComments(true);
      if (this.text[this.at] === ",") this.advance();
      else if (this.text[this.at] !== "]") this.fail("',' or ']' expected in a list");
    }
  }

  /** An object written whole: each element's key and where it starts, and the layout of values that are lists or objects. */
  private object(): LayoutValue {
    this.advance(); // {
    const elements: { key: string; at: LayoutPosition; value: LayoutValue }[] = [];
    for (;;) {
      this.skipBlank(true);
      this.skipComments(true);
      if (this.text[this.at] === "}") {
        this.advance();
        return { kind: "object", elements };
      }
      const at = this.position();
      const keyStart = this.at;
      const char = this.text[this.at];
      if (char === '"') this.string();
      else if (char === "(") this.bracketed();
      else if (NAME_START.test(char) || /[0-9]/.test(char)) while (this.at < this.text.length && NAME_PART.test(this.text[this.at])) this.advance();
      else this.fail("an object key expected");
      const keyText = this.text.slice(keyStart, this.at);
      this.skipBlank(false);
      const separator = this.text[this.at];
      if ((separator !== "=" || this.text[this.at + 1] === "=") && separator !== ":") this.fail("'=' or ':' expected after an object key");
      this.advance();
      const value = this.expression("object");
      elements.push({ key: /^"(.*)"$/s.exec(keyText)?.[1] ?? keyText, at, value });
      this.skipBlank(false);
      this.skipComments(false);
      if (this.text[this.at] === ",") this.advance();
      else if (this.text[this.at] !== "\n" && this.text[this.at] !== "}" && this.at < this.text.length) this.fail("',' or a new line expected after an object element");
    }
  }

  /** Skips a quoted string, from its opening quote past its closing one, interpolations included. */
  private string(): void {
    this.advance(); // "
    for (;;) {
      if (this.at >= this.text.length || this.text[this.at] === "\n") this.fail("an unclosed string");
      const char = this.text[this.at];
      if (char === '"') {
        this.advance();
        return;
      }
      if (char === "\\") {
        this.advance();
        this.advance();
      } else if ((char === "$" || char === "%") && this.text[this.at + 1] === char && this.text[this.at + 2] === "{") this.skipTo(this.at + 3);
      else if ((char === "$" || char === "%") && this.text[this.at + 1] === "{") {
        this.advance();
        this.bracketed();
      } else this.advance();
    }
  }

  /** Skips a heredoc (`<<EOT` or `<<-EOT`), past its closing marker's line. */
  private heredoc(): void {
    const header = /^<<-?([\p{L}_][\p{L}\p{N}_-]*)[ \t]*\r?\n/u.exec(this.text.slice(this.at, this.at + 200));
    if (header === null) this.fail("a heredoc header expected");
    const marker = header[1];
    // HCL takes any identifier as the marker, tree-sitter's grammar only an ASCII one: left to tree-sitter otherwise.
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(marker)) this.fail("a heredoc marker that is not ASCII");
    this.skipTo(this.at + header[0].length);
    for (;;) {
      if (this.at >= this.text.length) this.fail("an unclosed heredoc");
      let end = this.text.indexOf("\n", this.at);
      if (end === -1) end = this.text.length;
      const line = this.text.slice(this.at, end).replace(/\r$/, "");
      if (line.trim() === marker) {
        // The expression ends after the marker, on the marker's line.
        this.skipTo(this.at + line.indexOf(marker) + marker.length);
        return;
      }
      this.skipTo(Math.min(end + 1, this.text.length));
    }
  }
}
