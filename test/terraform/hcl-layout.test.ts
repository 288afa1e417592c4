import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { HclLayoutError, hclLayout } from "../../terraform/hcl-layout";
import { layoutFromSyntaxTree } from "../../terraform/hcl-syntax-tree";
import { ROOT, seededRandom } from "../helpers";

/** Whether HCL's own parser accepts the text (the layout is only read for such text). */
async function isValidHcl(text: string): Promise<boolean> {
  try {
    await parseHcl("generated.tf", text);
    return true;
  } catch {
    return false;
  }
}

describe("hclLayout", () => {
  it("locates blocks, labels, attributes, list items, object elements and comments", () => {
    const text = [
      "# scopegate: capabilities=bot-connector",
      'resource "genesyscloud_oauth_client" "bot" { # scopegate: tier=prod',
      '  name = "bot"',
      "  scopes = [",
      '    "messaging", # why',
      '    "conversations",',
      "  ]",
      "  roles {",
      "    role_id = var.role",
      "  }",
      '  tags = { team = "cx", "cost-centre" : 42 }',
      "}",
      "",
      "/* spans",
      "   lines */",
      "locals { one = 1 }",
    ].join("\n");
    expect(hclLayout(text)).toEqual([
      { kind: "comment", text: "# scopegate: capabilities=bot-connector", at: { line: 1, column: 1 }, endLine: 1 },
      {
        kind: "block",
        identifier: "resource",
        labels: ["genesyscloud_oauth_client", "bot"],
        at: { line: 2, column: 1 },
        body: [
          { kind: "comment", text: "# scopegate: tier=prod", at: { line: 2, column: 46 }, endLine: 2 },
          { kind: "attribute", name: "name", at: { line: 3, column: 3 }, value: { kind: "other" } },
          {
            kind: "attribute",
            name: "scopes",
            at: { line: 4, column: 3 },
            value: {
              kind: "list",
              items: [
                { at: { line: 5, column: 5 }, value: { kind: "other" } },
                { at: { line: 6, column: 5 }, value: { kind: "other" } },
              ],
            },
          },
          { kind: "block", identifier: "roles", labels: [], at: { line: 8, column: 3 }, body: [{ kind: "attribute", name: "role_id", at: { line: 9, column: 5 }, value: { kind: "other" } }] },
          {
            kind: "attribute",
            name: "tags",
            at: { line: 11, column: 3 },
            value: {
              kind: "object",
              elements: [
                { key: "team", at: { line: 11, column: 12 }, value: { kind: "other" } },
                { key: "cost-centre", at: { line: 11, column: 25 }, value: { kind: "other" } },
              ],
            },
          },
        ],
      },
      { kind: "comment", text: "/* spans\n   lines */", at: { line: 14, column: 1 }, endLine: 15 },
      { kind: "block", identifier: "locals", labels: [], at: { line: 16, column: 1 }, body: [{ kind: "attribute", name: "one", at: { line: 16, column: 10 }, value: { kind: "other" } }] },
    ]);
  });

  it.each([
    ["a heredoc whose text looks like HCL", 'locals {\n  policy = <<-EOT\n    { "a": [ }\n    EOT\n  b = 1\n}\n'],
    ["strings with braces, quotes and templates", 'locals {\n  a = "x}${var.y["k"]}{\\"z"\n  b = "%{ if true }y%{ endif }$${not}"\n}\n'],
    ["for expressions, which have no items", "locals {\n  a = [for x in var.l : x.id]\n  b = {for k, v in var.m : k => v}\n}\n"],
    ["a list that is only part of an expression", "locals {\n  a = [1, 2][0]\n  b = concat([1], [2])\n  c = {a = 1}.a\n}\n"],
    ["non-ASCII text before a position", 'locals {\n  é = "ü"\n  x = ["ö", "ß"]\n}\n'],
  ])("reads %s as tree-sitter does", async (_, text) => {
    expect(await isValidHcl(text)).toBe(true);
    expect(hclLayout(text)).toEqual(layoutFromSyntaxTree(text));
  });

  it.each([
    ["a comment between '=' and a list or object", "locals {\n  a = /* c */ [1, 2]\n  b = { k = /* c */ [1], j = 2 }\n  c = {\n    k = /* c */ {j = 1}\n  }\n}\n"],
    ["a list or object in brackets", "locals {\n  a = ([1, 2])\n  b = {k = ([1])}\n  c = [(( {k = 1} )), 2]\n}\n"],
    ["a list item or object value that goes on after a comment", "locals {\n  a = [[1] /* c */ == [], 2]\n  b = { k = [1] /* c */ == [], j = 2 }\n  c = [\n    [1] /* c\n    */ == [],\n    2,\n  ]\n}\n"],
    ["a list item that goes on over lines", "locals {\n  a = [\n    [1]\n    == [],\n    {k = 1}\n    .k,\n    [1] # c\n    [0],\n  ]\n}\n"],
    ["comments in a file with CRLF line ends", "# scopegate: tier=prod\r\nprovider \"genesyscloud\" { // why\r\n  # scopegate: x=y\r\n  a = [\r\n    1, # one\r\n  ]\r\n}\r\n"],
    ["a heredoc whose marker is not ASCII", "locals {\n  a = <<ÉOT\nx\nÉOT\n  b = 1\n}\n"],
    ["a for expression after deep indentation", `locals {\n  a = [\n${" ".repeat(44)}for x in var.y : x\n  ]\n}\n`],
    ["a for expression after tabs", `locals {\n  a = [\n${"\t".repeat(40)}for x in var.y : x\n  ]\n}\n`],
    ["a for expression after a line comment", "locals {\n  a = [ # why\n    for x in var.y : x\n  ]\n}\n"],
    ["a for expression after a block comment, in a list", "locals {\n  a = [[ /* c */ for x in var.y : x], 1]\n}\n"],
  ])("reads %s as tree-sitter does, or leaves it to tree-sitter", async (_, text) => {
    expect(await isValidHcl(text)).toBe(true);
    const tree = layoutFromSyntaxTree(text);
    let layout;
    try {
      layout = hclLayout(text);
    } catch (error) {
      if (!(error instanceof HclLayoutError)) throw error;
      layout = tree;
    }
    expect(layout).toEqual(tree);
  });

  it("throws HclLayoutError on text it does not expect, so the caller reads tree-sitter's tree", () => {
    expect(() => hclLayout('locals {\n  a = "unclosed\n}\n')).toThrow(HclLayoutError);
    expect(() => hclLayout("locals {\n  a = 1\n")).toThrow(HclLayoutError);
  });

  it("reads every HCL file in the fixtures and examples as tree-sitter does", async () => {
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const files = [...walk(path.join(ROOT, "test", "fixtures")), ...walk(path.join(ROOT, "examples"))].filter((file) => /\.(tf|tfvars)$/.test(file));
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      if (!(await isValidHcl(text))) continue;
      expect({ file, layout: hclLayout(text) }).toEqual({ file, layout: layoutFromSyntaxTree(text) });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it("reads hundreds of generated HCL files as tree-sitter does", async () => {
    let compared = 0;
    for (let seed = 0; seed < 800; seed++) {
      const text = generatedHcl(seed);
      if (!(await isValidHcl(text))) continue;
      let layout;
      try {
        layout = hclLayout(text);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}\n${text}`);
      }
      expect({ seed, text, layout }).toEqual({ seed, text, layout: layoutFromSyntaxTree(text) });
      compared++;
    }
    expect(compared).toBeGreaterThan(450);
  });
});

/** A generated HCL file: blocks with labels, attributes of many value shapes, comments above and inside, blank lines. */
function generatedHcl(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const comment = () => pick(["# scopegate: capabilities=bot-connector", "// note", "/* one */", "/* two\n   lines */", "# scopegate: tier=prod # why"]);
  const scalar = () =>
    pick(['"text"', "42", "true", "null", "var.x", 'var.m["k"]', '"${var.a}-b"', '"a}{b"', '"q\\"r"', "upper(var.s)", "var.a ? 1 : 2", "local.l[0]", '"%{ if var.b }y%{ endif }"', "-1", '"é"']);
  const value = (depth: number, indent: string): string => {
    const choice = depth > 2 ? 0 : next() * 8;
    if (choice < 3) return scalar();
    const inner = `${indent}  `;
    if (choice < 4.5) {
      const items = Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1, inner));
      if (next() < 0.5) return `[${items.join(", ")}]`;
      return `[\n${items.map((item) => `${inner}${item},${next() < 0.2 ? ` ${pick(["# c", "// c"])}` : ""}`).join("\n")}\n${indent}]`;
    }
    if (choice < 6) {
      const elements = Array.from({ length: Math.floor(next() * 4) }, () => `${pick(["k", '"quoted key"', "a-b", "(var.key)"])} ${pick(["=", ":"])} ${value(depth + 1, inner)}`);
      if (next() < 0.5) return `{ ${elements.join(", ")} }`;
      return `{\n${elements.map((element) => `${inner}${element}${next() < 0.3 ? "," : ""}`).join("\n")}\n${indent}}`;
    }
    if (choice < 6.5) return `[for x in var.l : ${scalar()}]`;
    if (choice < 7) return `<<${pick(["", "-"])}EOT\n${indent}  text { [ "\n${indent}  \${var.x}\n${indent}EOT`;
    return pick(["[1, 2][0]", "concat([1], [2])", '{ a = 1 }["a"]', "(var.x)"]);
  };
  const body = (depth: number, indent: string): string[] => {
    const lines: string[] = [];
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i++) {
      if (next() < 0.2) lines.push(`${indent}${comment()}`);
      if (depth < 2 && next() < 0.3) {
        lines.push(`${indent}${pick(["roles", "settings", "dynamic \"x\""])} {${next() < 0.2 ? " # in" : ""}`, ...body(depth + 1, `${indent}  `), `${indent}}`);
      } else {
        lines.push(`${indent}${pick(["name", "scopes", "tags", "a_b", "x1"])}${i} = ${value(0, indent)}${next() < 0.15 ? ` ${pick(["# trailing", "// trailing"])}` : ""}`);
      }
    }
    return lines;
  };
  const blocks: string[] = [];
  for (let i = 0, count = 1 + Math.floor(next() * 4); i < count; i++) {
    const above = next() < 0.4 ? `${comment()}\n${next() < 0.3 ? "\n" : ""}` : "";
    const header = pick(['resource "genesyscloud_oauth_client" "c"', 'data "genesyscloud_auth_division_home" "home"', 'provider "genesyscloud"', "locals", 'variable "v"', 'module "m"']);
    if (next() < 0.1) blocks.push(`${above}${header} { x = 1 }`);
    else blocks.push(`${above}${header} {\n${body(0, "  ").join("\n")}\n}`);
  }
  return `${blocks.join(next() < 0.5 ? "\n\n" : "\n")}\n`;
}
