import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, ruleById } from "../../policies/registry";
import { exampleMarkers, ROOT } from "../helpers";

const ruleFiles = fs.readdirSync(path.join(ROOT, "policies", "rules")).filter((file) => file.endsWith(".ts"));

describe("the rule registry keeps rule, doc and test in step", () => {
  it("registers every rule module once, under the module's file name", () => {
    expect(RULES.map((rule) => `${rule.id}.ts`).sort()).toEqual([...ruleFiles].sort());
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it("finds each rule by its id, and no rule by an id it does not have", () => {
    for (const rule of RULES) expect(ruleById(rule.id)).toBe(rule);
    expect(ruleById("no-such-rule")).toBeUndefined();
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s has kebab-case id, a description, severities per tier and messages in the house voice", (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.description).toMatch(/^[A-Z].*[.)]$/);
    expect(["error", "warning", "info"]).toContain(rule.severity.nonprod);
    expect(["error", "warning", "info"]).toContain(rule.severity.prod);
    for (const [messageId, template] of Object.entries(rule.messages) as [string, string][]) {
      expect(template, messageId).toMatch(/^[A-Z'].*\.$/);
      expect(template, messageId).not.toMatch(/^(Error|Warning):/);
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s has a doc page with every section", (id) => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "rules", `${id}.md`), "utf8");
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of ["## What it checks", "## Why", "## Failing example", "## Passing example", "## How to waive"]) expect(doc, section).toContain(section);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s has a test file that exercises every message it declares", (id, rule) => {
    const test = fs.readFileSync(path.join(ROOT, "test", "policies", "rules", `${id}.test.ts`), "utf8");
    for (const messageId of Object.keys(rule.messages)) expect(test, `message '${messageId}' is never tested`).toContain(`messageId: "${messageId}"`);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s has an example that shows it firing", (id, rule) => {
    if (rule.needs !== undefined) {
      // Rules of scanned Terraform have a folder of their own to scan: examples/terraform/<id>/.
      expect(fs.readdirSync(path.join(ROOT, "examples", "terraform", id)).length).toBeGreaterThan(0);
      return;
    }
    const examples = fs.readdirSync(path.join(ROOT, "examples")).filter((file) => file.endsWith(".yaml"));
    expect(examples.some((file) => exampleMarkers(fs.readFileSync(path.join(ROOT, "examples", file), "utf8")).has(id))).toBe(true);
  });

  it("lists every rule in the rules index page, with its description as the registry has it", () => {
    const index = fs.readFileSync(path.join(ROOT, "docs", "rules", "README.md"), "utf8");
    const plain = (text: string) => text.replace(/[`']/g, "");
    for (const rule of RULES) {
      const row = index.split("\n").find((line) => line.startsWith(`| [${rule.id}](${rule.id}.md) |`));
      expect(row, rule.id).toBeDefined();
      expect(plain(row ?? ""), rule.id).toContain(plain(rule.description));
    }
  });
});
