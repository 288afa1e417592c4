/**
 * The references of a Terraform JSON-form string (`"${data.genesyscloud_organizations_me.org.name} (…)"`), read in
 * TypeScript for the forms such strings take: templates with interpolations, traversals, function calls, lists,
 * objects, operators and conditionals. Anything else (`for` expressions, `%{` directives, heredocs, comments,
 * provider functions, non-ASCII names, literal text that HCL's wrapping would change) is left to HCL's own parser,
 * which costs about a millisecond per expression: `readReferences` returns `undefined` for it.
 *
 * The result is what `getReferencesInExpression` of `@cdktf/hcl2json` returns, in the same order: a reference is a
 * root name and the attributes and literal indexes that follow it (`a.b[0].c` is `a.b.0.c`, `a["k"]` is `a."k"`),
 * up to the first splat or computed index. Function names, object keys, `true`, `false` and `null` are not
 * references. A test compares both readers over every expression in the fixtures and thousands of generated ones.
 */

/** A token of an interpolation: a name, a number, a quoted string (with the references inside it) or punctuation. */
type Token =
  | { readonly kind: "name"; readonly text: string }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "string"; readonly raw: string; readonly references: readonly string[] }
  | { readonly kind: "punctuation"; readonly text: string };

/** Thrown where the text leaves the forms this reader knows; `readReferences` then returns `undefined`. */
class NotASimpleForm extends Error {}

const DIGIT = /[0-9]/;
/** What ends a run of literal text in a template: an escape, a quote, or the start of an interpolation or directive. */
const SPECIAL = /[\\"$%]/g;
/**
 * An index HCL writes back as it is: no leading zero, and at most ten digits (HCL writes a number of eleven or more
 * digits with ten significant ones, `1e+10`).
 */
const CANONICAL_INDEX = /^(0|[1-9][0-9]{0,9})$/;
/** The escapes of a quoted string that HCL accepts and this reader skips; any other (`\u…`, `\q`) is left to HCL. */
const SIMPLE_ESCAPE = /^\\[\\"nrt]$/;
const LITERAL_NAMES = new Set(["true", "false", "null"]);
/** Punctuation of two or three characters; any other is one of `SINGLE_PUNCTUATION`. */
const LONG_PUNCTUATION = new Set(["...", "==", "!=", "<=", ">=", "&&", "||", "=>"]);
const SINGLE_PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ",", ".", ":", "?", "=", "+", "-", "*", "/", "%", "!", "<", ">"]);

/** The punctuation at an offset, longest first (`==` before `=`), or undefined. */
function punctuationAt(text: string, at: number): string | undefined {
  const three = text.slice(at, at + 3);
  if (LONG_PUNCTUATION.has(three)) return three;
  const two = three.slice(0, 2);
  if (LONG_PUNCTUATION.has(two)) return two;
  return SINGLE_PUNCTUATION.has(text[at]) ? text[at] : undefined;
}

function isNameStart(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isNamePart(char: string): boolean {
  const code = char.charCodeAt(0);
  return isNameStart(char) || (code >= 48 && code <= 57) || code === 45;
}

/**
 * The references of a JSON-form string, as HCL's parser reads them, or `undefined` when the string takes a form only
 * HCL's parser should read.
 */
export function readReferences(text: string): string[] | undefined {
  // hcl2json reads a string that starts with a quote, a bracket or `<<`, or that spans lines, as something other than
  // a plain template: left to it.
  if (/^["[{<]/.test(text) || text.includes("\n") || text.includes("\r") || text.includes("$$$")) return undefined;
  try {
    const references: string[] = [];
    new TemplateReader(text, references).readTemplate(undefined);
    return references;
  } catch (error) {
    // Nesting deeper than the stack allows (thousands of brackets) is left to HCL too, which finds no references in it.
    if (error instanceof NotASimpleForm || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Reads a template (the whole string, or a quoted string inside an interpolation) and the interpolations in it. */
class TemplateReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly references: string[],
  ) {}

  /** Reads literal text and interpolations up to `quote` (a nested string) or the end; returns the literal text read. */
  readTemplate(quote: '"' | undefined): string {
    const start = this.at;
    const { text } = this;
    while (this.at < text.length) {
      // Literal text up to the next character that matters is skipped in one step.
      SPECIAL.lastIndex = this.at;
      if (SPECIAL.exec(text) === null) {
        this.at = text.length;
        break;
      }
      this.at = SPECIAL.lastIndex - 1;
      const char = text[this.at];
      if (quote !== undefined && char === quote) return text.slice(start, this.at);
      if (char === "\\") {
        // In a nested string an escape is two characters; at the top, hcl2json's quoting would change what follows.
        if (quote === undefined) throw new NotASimpleForm();
        // HCL refuses an unknown escape (and finds no references at all); `\u` escapes are left to it too.
        if (!SIMPLE_ESCAPE.test(text.slice(this.at, this.at + 2))) throw new NotASimpleForm();
        this.at += 2;
        continue;
      }
      if (char === '"' && quote === undefined) throw new NotASimpleForm();
      if ((char === "$" || char === "%") && text[this.at + 1] === char && text[this.at + 2] === "{") {
        this.at += 3; // `$${` and `%%{` are literal text
        continue;
      }
      if (char === "%" && text[this.at + 1] === "{") throw new NotASimpleForm();
      if (char === "$" && text[this.at + 1] === "{") {
        this.at += 2;
        if (text[this.at] === "~") this.at++;
        this.referencesIn(this.readInterpolation());
        continue;
      }
      this.at++;
    }
    if (quote !== undefined) throw new NotASimpleForm(); // an unclosed string
    return text.slice(start);
  }

  /** The tokens of one interpolation, up to and past its closing `}` (or `~}`). */
  private readInterpolation(): Token[] {
    const tokens: Token[] = [];
    const { text } = this;
    let depth = 0;
    while (this.at < text.length) {
      const char = text[this.at];
      if (char === " " || char === "\t") {
        this.at++;
        continue;
      }
      if (char === "#" || (char === "/" && (text[this.at + 1] === "/" || text[this.at + 1] === "*"))) throw new NotASimpleForm();
      if (char === "<" && text[this.at + 1] === "<") throw new NotASimpleForm();
      if (char === ":" && text[this.at + 1] === ":") throw new NotASimpleForm();
      if (depth === 0 && (char === "}" || (char === "~" && text[this.at + 1] === "}"))) {
        this.at += char === "}" ? 1 : 2;
        return tokens;
      }
      if (isNameStart(char)) {
        const start = this.at++;
        while (this.at < text.length && isNamePart(text[this.at])) this.at++;
        tokens.push({ kind: "name", text: text.slice(start, this.at) });
        continue;
      }
      if (DIGIT.test(char)) {
        tokens.push({ kind: "number", text: this.readNumber() });
        continue;
      }
      if (char === '"') {
        this.at++;
        const inner: string[] = [];
        const reader = new TemplateReader(text, inner);
        reader.at = this.at;
        const raw = reader.readTemplate('"');
        this.at = reader.at + 1;
        tokens.push({ kind: "string", raw, references: inner });
        continue;
      }
      const punctuation = punctuationAt(text, this.at);
      if (punctuation === undefined) throw new NotASimpleForm();
      if (punctuation === "{") depth++;
      else if (punctuation === "}") depth--;
      tokens.push({ kind: "punctuation", text: punctuation });
      this.at += punctuation.length;
    }
    throw new NotASimpleForm(); // an unclosed interpolation
  }

  /**
   * A number, cut where HCL's scanner cuts it: a digit, then any run of digits, dots and exponents (`e5`, `E+5`),
   * not ending in a dot (`a.0.1` has the number `0.1`, `1.5.0` is one number, which HCL refuses, `1.e5` is 100000).
   * Only the plain forms (`1`, `1.5`, `1e3`, `1.5E-3`) are read here.
   */
  private readNumber(): string {
    const { text } = this;
    const start = this.at;
    let end = this.at + 1;
    for (;;) {
      const char = text[end] ?? "";
      if (DIGIT.test(char) || char === ".") end++;
      else if ((char === "e" || char === "E") && /^[eE][+-]?[0-9]/.test(text.slice(end, end + 3))) end += text[end + 1] === "+" || text[end + 1] === "-" ? 3 : 2;
      else break;
    }
    while (text[end - 1] === ".") end--;
    const number = text.slice(start, end);
    if (!/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(number)) throw new NotASimpleForm();
    this.at = end;
    if (isNameStart(text[this.at] ?? "")) throw new NotASimpleForm();
    return number;
  }

  /** Adds the references of an interpolation, in order, after checking it is one whole expression. */
  private referencesIn(tokens: readonly Token[]): void {
    const parser = new ExpressionParser(tokens, this.references);
    parser.expression();
    if (!parser.atEnd()) throw new NotASimpleForm();
  }
}

/** Binary operators; their precedence does not change which references an expression has, nor their order. */
const BINARY_OPERATORS = new Set(["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">"]);

/**
 * A recursive-descent reader of one interpolation's expression, in HCL's grammar less `for` expressions: it adds the
 * references it meets and throws `NotASimpleForm` wherever the tokens leave that grammar, so that text HCL would
 * refuse (and find no references in) is left to HCL too.
 */
class ExpressionParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly references: string[],
  ) {}

  atEnd(): boolean {
    return this.at === this.tokens.length;
  }

  /** Expression: an operation, optionally `? expression : expression`. */
  expression(): void {
    this.operation();
    if (this.take("?")) {
      this.expression();
      this.expect(":");
      this.expression();
    }
  }

  private operation(): void {
    this.unary();
    while (this.peekPunctuation(BINARY_OPERATORS)) {
      this.at++;
      this.unary();
    }
  }

  private unary(): void {
    while (this.peekPunctuation(UNARY_OPERATORS)) this.at++;
    this.primary();
    this.postfix();
  }

  /** A primary expression: a literal, a string, a call, a traversal, or a bracketed expression, list or object. */
  private primary(): void {
    const token = this.next();
    if (token === undefined) throw new NotASimpleForm();
    if (token.kind === "number") return;
    if (token.kind === "string") {
      this.references.push(...token.references);
      return;
    }
    if (token.kind === "name") {
      if (KEYWORDS.has(token.text)) throw new NotASimpleForm();
      if (LITERAL_NAMES.has(token.text)) return;
      if (this.take("(")) {
        this.list(")", true);
        return;
      }
      this.traversalFrom(token.text);
      return;
    }
    if (token.text === "(") {
      this.expression();
      this.expect(")");
      return;
    }
    if (token.text === "[") {
      if (this.peekName("for")) throw new NotASimpleForm();
      this.list("]", false);
      return;
    }
    if (token.text === "{") {
      if (this.peekName("for")) throw new NotASimpleForm();
      this.objectItems();
      return;
    }
    throw new NotASimpleForm();
  }

  /** Items up to `close`, separated by commas, a trailing comma allowed (or `...` after a call's last argument). */
  private list(close: string, isCall: boolean): void {
    while (!this.take(close)) {
      this.expression();
      if (isCall && this.take("...")) {
        this.expect(close);
        return;
      }
      if (!this.take(",")) {
        this.expect(close);
        return;
      }
    }
  }

  /** `key = value` or `key : value` items up to `}`, separated by commas; a bare name as key is a literal. */
  private objectItems(): void {
    while (!this.take("}")) {
      const key = this.next();
      if (key === undefined) throw new NotASimpleForm();
      if (key.kind === "string") this.references.push(...key.references);
      else if (key.kind === "punctuation" && key.text === "(") {
        this.expression();
        this.expect(")");
      } else if (key.kind !== "name" && key.kind !== "number") throw new NotASimpleForm();
      if (!this.take("=") && !this.take(":")) throw new NotASimpleForm();
      this.expression();
      if (!this.take(",")) {
        this.expect("}");
        return;
      }
    }
  }

  /** The static steps after a root name: attributes, literal indexes and string keys, up to a splat or computed index. */
  private traversalFrom(root: string): void {
    const segments = [root];
    for (;;) {
      const [first, second, third] = [this.tokens[this.at], this.tokens[this.at + 1], this.tokens[this.at + 2]];
      if (isPunctuation(first, ".") && second?.kind === "name") {
        segments.push(second.text);
        this.at += 2;
      } else if ((isPunctuation(first, ".") || (isPunctuation(first, "[") && isPunctuation(third, "]"))) && second?.kind === "number") {
        // HCL writes an index as its number (`[01]` as `1`): only the plain forms are read here.
        if (!CANONICAL_INDEX.test(second.text)) throw new NotASimpleForm();
        segments.push(second.text);
        this.at += isPunctuation(first, ".") ? 2 : 3;
      } else if (isPunctuation(first, "[") && isPunctuation(third, "]") && second?.kind === "string") {
        // A key with an interpolation is a computed index, where the static part ends; escapes (`\"`, and `$${`, which
        // HCL reads as a static key) are left to HCL.
        if (/\\|\$\$|%%/.test(second.raw)) throw new NotASimpleForm();
        if (second.references.length > 0 || /\$\{/.test(second.raw)) break;
        if (/[\\$%]/.test(second.raw)) throw new NotASimpleForm();
        segments.push(`"${second.raw}"`);
        this.at += 3;
      } else break;
    }
    this.references.push(segments.join("."));
  }

  /** Steps after a primary expression: attributes, indexes and splats (their names are not references). */
  private postfix(): void {
    let attributeSplat = false;
    for (;;) {
      if (this.take(".")) {
        const step = this.next();
        if (step?.kind === "name" || (step?.kind === "number" && CANONICAL_INDEX.test(step.text))) continue;
        // HCL refuses a second `.*` in one chain (`a.*.*`); other splat chains are read.
        if (step?.kind === "punctuation" && step.text === "*" && !attributeSplat) {
          attributeSplat = true;
          continue;
        }
        throw new NotASimpleForm();
      }
      if (this.take("[")) {
        if (this.take("*")) this.expect("]");
        else {
          this.expression();
          this.expect("]");
        }
        continue;
      }
      return;
    }
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }

  private take(text: string): boolean {
    if (!isPunctuation(this.tokens[this.at], text)) return false;
    this.at++;
    return true;
  }

  private expect(text: string): void {
    if (!this.take(text)) throw new NotASimpleForm();
  }

  private peekPunctuation(texts: ReadonlySet<string>): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "punctuation" && texts.has(token.text);
  }

  private peekName(text: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "name" && token.text === text;
  }
}

const UNARY_OPERATORS = new Set(["!", "-"]);
/** Names that start or continue a `for` expression, left to HCL. */
const KEYWORDS = new Set(["for", "in", "if"]);

function isPunctuation(token: Token | undefined, text: string): boolean {
  return token?.kind === "punctuation" && token.text === text;
}
