import * as fs from "node:fs";
import * as path from "node:path";
import { getReferencesInExpression, parse as parseHcl } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { readReferences } from "../../terraform/expression-references";
import { isExpressionText, stringsIn } from "../../terraform/json-form";
import { loadConfig } from "../../config/load";
import { synthesize } from "../../constructs/app";
import { ROOT, tempDir, seededRandom } from "../helpers";

/** What the scan used before `readReferences`: HCL's own parser, an expression it cannot read having no references. */
async function referencesByHcl(text: string): Promise<string[]> {
  try {
    return (await getReferencesInExpression("expression.tf", text)).map((reference) => reference.value);
  } catch {
    return [];
  }
}

/** Each text is read by `readReferences` as HCL reads it, or left to HCL; returns how many it read itself. */
async function expectSameAsHcl(texts: Iterable<string>): Promise<{ read: number; total: number }> {
  let read = 0;
  let total = 0;
  const differences: string[] = [];
  for (const text of new Set(texts)) {
    total++;
    const quick = readReferences(text);
    if (quick === undefined) continue;
    read++;
    const expected = await referencesByHcl(text);
    if (JSON.stringify(quick) !== JSON.stringify(expected)) differences.push(`${JSON.stringify(text)}: ${JSON.stringify(quick)}, HCL ${JSON.stringify(expected)}`);
  }
  expect(differences).toEqual([]);
  return { read, total };
}

describe("readReferences", () => {
  it.each([
    ["${data.genesyscloud_auth_role.bot.id}", ["data.genesyscloud_auth_role.bot.id"]],
    ['${contains([data.genesyscloud_organizations_me.org.name, data.genesyscloud_organizations_me.org.third_party_org_name], "acme-prod")}', ["data.genesyscloud_organizations_me.org.name", "data.genesyscloud_organizations_me.org.third_party_org_name"]],
    ["Stack acme-prod belongs to org ${self.name} (${self.third_party_org_name}). Refusing to plan.", ["self.name", "self.third_party_org_name"]],
    ["${genesyscloud_oauth_client.bot[0].client_id}", ["genesyscloud_oauth_client.bot.0.client_id"]],
    ['${var.ids["prod"].id}', ['var.ids."prod".id']],
    ["${var.roles[var.tier].id}", ["var.roles", "var.tier"]],
    ["${module.bots.*.id}", ["module.bots"]],
    ["${var.prefix}-bot", ["var.prefix"]],
    ["${upper(\"${var.a}-x\")}", ["var.a"]],
    ["${{ name = var.n, tier : local.t ? a.b : c }}", ["var.n", "local.t", "a.b", "c"]],
    ["${each.value.enabled ? 1 : 0}", ["each.value.enabled"]],
    ["${true}${null}$${var.escaped}", []],
  ])("reads %s", (text, expected) => {
    expect(readReferences(text)).toEqual(expected);
  });

  it.each([
    "${[for r in var.roles : r.id]}",
    "%{ if var.a }x%{ endif }",
    "${var.a # comment\n}",
    "${provider::time::rfc3339_parse(var.t)}",
    "${var.ids[01]}",
    '${var.ids["a\\"b"]}',
    "say \"${var.a}\"",
    "${unclosed",
    "${é.x}",
  ])("leaves %s to HCL's parser", (text) => {
    expect(readReferences(text)).toBeUndefined();
  });

  it("reads escapes, long indexes, number tokens and escaped keys as HCL does (or leaves them to it)", async () => {
    const texts = [
      // An escape HCL refuses makes the whole expression unreadable: no references.
      '${upper("\\q", var.a)}',
      '${upper("\\u12", var.a)}',
      '${upper("\\n", var.a)}',
      // An index of eleven or more digits is written with ten significant ones (`a.1e+10`).
      "${a[9999999999]}",
      "${a[10000000000]}",
      "${a.99999999999}",
      "${a[9007199254740993].b}",
      // `$${` in a key is literal text: a static key.
      '${a["$${z}"].b}',
      '${a["%%{z}"].b}',
      // HCL's scanner reads a run of digits, dots and exponents as one number.
      "${1.5.0 + x}",
      "${[x, 1.5.0]}",
      "${a[1.e5]}",
      "${a[1.e5].b}",
      "${a.0.e1}",
      "${a[1.0]}",
      "${a.1e0}",
      "${1.0.a}",
      "${a.1.b}",
    ];
    const { read } = await expectSameAsHcl(texts);
    expect(read).toBeGreaterThanOrEqual(4); // the plain forms among them are still read here
  });

  it("leaves nesting deeper than the stack to HCL rather than throwing", () => {
    const deep = `\${${"(".repeat(5000)}a${")".repeat(5000)}}`;
    expect(readReferences(deep)).toBeUndefined();
  });

  it("reads every expression in the fixtures' Terraform as HCL does, most of them itself", async () => {
    const texts: string[] = [];
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    for (const file of [...walk(path.join(ROOT, "test", "fixtures")), ...walk(path.join(ROOT, "examples", "terraform"))]) {
      if (file.endsWith(".tf")) texts.push(...stringsIn(await parseHcl(file, fs.readFileSync(file, "utf8")).catch(() => ({}))));
      else if (file.endsWith(".tf.json") || (file.endsWith(".json") && file.includes("plan"))) {
        try {
          texts.push(...stringsIn(JSON.parse(fs.readFileSync(file, "utf8"))));
        } catch {
          // a fixture that is not JSON on purpose
        }
      }
    }
    // And what scopegate synthesizes for its example: the org guard's conditions and messages, role and division ids.
    const loaded = loadConfig(path.join(ROOT, "scopegate.yaml"));
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    const outdir = tempDir();
    synthesize(loaded.model, { outdir, configDir: ROOT });
    for (const file of walk(outdir)) if (file.endsWith(".tf.json")) texts.push(...stringsIn(JSON.parse(fs.readFileSync(file, "utf8"))));
    const expressions = texts.filter(isExpressionText);
    const { read, total } = await expectSameAsHcl(expressions);
    console.log(`readReferences read ${read} of ${total} distinct expressions of the fixtures and the example itself`);
    expect(total).toBeGreaterThan(30);
    expect(read / total).toBeGreaterThan(0.9);
  });

  it("reads thousands of generated expressions as HCL does", async () => {
    const texts = Array.from({ length: 2500 }, (_, seed) => generatedTemplate(seed));
    const { read, total } = await expectSameAsHcl(texts);
    // The generator also writes forms left to HCL (for, directives, bad syntax); most of what it writes is read here.
    expect(read / total).toBeGreaterThan(0.4);
  });
});

/** A JSON-form string: literal text and interpolations of generated expressions, sometimes with one character changed. */
function generatedTemplate(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  // Mostly ordinary pieces, now and then one HCL reads its own way (or refuses).
  const rarely = <T,>(usual: readonly T[], odd: readonly T[]): T => (next() < 0.03 ? pick(odd) : pick(usual));
  const name = () => rarely(["var", "local", "data", "self", "each", "count", "a-b", "x_1", "true", "null", "key"], ["for", "in", "if"]);
  const attribute = () => rarely(["id", "name", "0", "1", "true", "third_party_org_name"], ["01", "*", "1.5"]);
  const space = () => pick(["", "", " ", "  "]);
  const expression = (depth: number): string => {
    const choice = depth > 3 ? next() * 4 : next() * 13;
    if (choice < 1) return rarely(["1", "1.5", "2e3", "0", '"s"', '"a${var.x}b"', "true", "null"], ['"q\\"r"', '"%{ if var.y }z%{ endif }"', "<<EOT"]);
    if (choice < 4) {
      let traversal = name();
      const steps = Math.floor(next() * 4);
      for (let step = 0; step < steps; step++) {
        traversal += pick([`.${attribute()}`, `[${rarely(["0", "2", '"k"', "var.i", "-1"], ["01", "*", "1.5", '"a\\"b"', '"$x"'])}]`, `${space()}.${space()}${attribute()}`]);
      }
      return traversal;
    }
    if (choice < 5) {
      const args = Array.from({ length: Math.floor(next() * 3) }, () => expression(depth + 1));
      return `${pick(["upper", "lookup", "contains", "f"])}(${args.join(`,${space()}`)}${args.length > 0 && next() < 0.2 ? "..." : ""})`;
    }
    if (choice < 6) return `[${space()}${Array.from({ length: Math.floor(next() * 3) }, () => expression(depth + 1)).join(", ")}${space()}]`;
    if (choice < 7) return `{${Array.from({ length: Math.floor(next() * 3) }, () => `${pick(["k", '"k"', "(var.k)", "true"])}${space()}${pick(["=", ":"])}${space()}${expression(depth + 1)}`).join(next() < 0.9 ? ", " : " ")}}`;
    if (choice < 8) return `${expression(depth + 1)}${space()}?${space()}${expression(depth + 1)}${space()}:${space()}${expression(depth + 1)}`;
    if (choice < 9) return `${expression(depth + 1)}${space()}${pick(["+", "-", "==", "!=", "&&", "||", "%", "<", ">="])}${space()}${expression(depth + 1)}`;
    if (choice < 10) return next() < 0.5 ? `${pick(["!", "-"])}${expression(depth + 1)}` : `(${expression(depth + 1)})`;
    if (choice < 10.5) return `[for ${pick(["x", "k, v"])} in ${expression(depth + 1)} : ${expression(depth + 1)}]`;
    if (choice < 12) return `${expression(depth + 1)}${pick(["[*].id", ".*.name", "[0]", '["k"]'])}`;
    return `${expression(depth + 1)}${space()}`;
  };
  let text = "";
  const parts = 1 + Math.floor(next() * 3);
  for (let part = 0; part < parts; part++) {
    text += rarely(["", "pre-", "x ", "%", "}", "$${var.no}"], ["$$", "%{ if true }y%{ endif }", '"', "\\"]);
    text += `\${${pick(["", "", "~", " "])}${expression(0)}${pick(["", "", "~", " "])}}`;
  }
  if (next() < 0.1) {
    const at = Math.floor(next() * text.length);
    text = text.slice(0, at) + pick(["", "}", "{", '"', "[", ".", "$", "\\"]) + text.slice(at + 1);
  }
  return text;
}
