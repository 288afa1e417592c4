import { describe, expect, it } from "vitest";
import type { TfValue } from "../../model/terraform";
import { locatedJsonText, parseJsonFile } from "../../terraform/json-file";
import { ReferenceIndex, valueFromJson } from "../../terraform/json-form";
import { readPlan } from "../../terraform/plan";

/** A located value as plain data: what it is and where, all the way down, entries in their order. */
function shape(value: TfValue): unknown {
  const at = `${value.loc.line}:${value.loc.column}`;
  if (value.kind === "object") return { at, entries: [...value.entries].map(([key, item]) => [key, shape(item)]) };
  if (value.kind === "list") return { at, items: value.items.map(shape) };
  if (value.kind === "expression") return { at, expression: value.text };
  return { at, literal: value.value };
}

describe("locatedJsonText", () => {
  it.each([
    ["a key written twice (the last one is the value, and where it is)", '{"a": {"x": 1, "x": {"k": [1, 2]}},\n "a2": {"y": {"k": [1]}, "y": 2}}'],
    ["a block kind written twice", '{"resource": {"a": {"b": {"x": 1}}},\n "resource": {"c": {"d": {"y": "${var.y}"}}}}'],
    ["an empty key", '{"": 1, "b": {"": [2]}}'],
    ["lines ended by a lone CR", '{\r"a":\r[1,\r2],\r"b": {"c": "${var.c}"}}'],
    ["lines ended by CRLF", '{\r\n"a":\r\n[1,\r\n2]}'],
    ["escapes in keys and non-ASCII text", '{"\\u0041": 1, "é😀": {"\\u00e9": ["😀${x}", 2]}}'],
    ["nested lists", `{"a": ${"[".repeat(40)}1${"]".repeat(40)}}`],
    ["a list at the top", '[{"a": 1},\n [2, {"b": null}]]'],
  ])("locates %s as parseJsonFile does", (_, text) => {
    const parsed = parseJsonFile("f.json", text);
    if ("problem" in parsed) throw new Error(parsed.problem.message);
    const read = locatedJsonText("f.json", text);
    expect(read).toBeDefined();
    expect(shape(read!.value)).toEqual(shape(valueFromJson(parsed.json.value, [], parsed.json.locate, new ReferenceIndex())));
    expect(shape(parsed.json.located([], new ReferenceIndex())!)).toEqual(shape(read!.value));
  });

  it("counts lines at '\\n' only, as Terraform does", () => {
    const read = locatedJsonText("f.json", '{"a": 1,\r"b": 2,\n"c": 3}');
    const entries = read?.value.kind === "object" ? read.value.entries : new Map<string, TfValue>();
    expect([...entries.values()].map((value) => [value.loc.line, value.loc.column])).toEqual([
      [1, 2],
      [1, 10],
      [2, 1],
    ]);
  });
});

describe("parseJsonFile", () => {
  it("reads a plan's change at the key written last, the one its value is", async () => {
    const text = JSON.stringify({
      format_version: "1.2",
      resource_changes: [{ address: "genesyscloud_oauth_client.bot", mode: "managed", type: "genesyscloud_oauth_client", name: "bot", change: { actions: ["create"], before: null, after: { name: "Bot" } } }],
    }).replace('"after":', '"after": "written first", "after":');
    const parsed = parseJsonFile("plan.json", text);
    if ("problem" in parsed) throw new Error(parsed.problem.message);
    const { plan } = await readPlan(parsed.json);
    const after = plan.changes[0]?.after;
    expect(after?.kind).toBe("object");
    expect(after?.entries.get("name")).toMatchObject({ kind: "literal", value: "Bot" });
    expect(after?.loc.column).toBe(text.lastIndexOf('"after"') + 1);
  });

  it("locates an entry with an empty key at its key, not at the top", () => {
    const parsed = parseJsonFile("f.json", '{"a": 1, "": 2}');
    if ("problem" in parsed) throw new Error(parsed.problem.message);
    expect(parsed.json.locate([""]).column).toBe(10);
    expect(parsed.json.locate([]).column).toBe(1);
  });
});
