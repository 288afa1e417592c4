import { describe, expect, it } from "vitest";
import { FORMATS } from "../../formatters";
import { findingsOfProblems, formatProblems, type InputProblem, type ProblemContext } from "../../formatters/problems";
import { sarifErrors } from "../sarif-schema";

const context: ProblemContext = { toolVersion: "0.1.0", whereAndConsequence: "in scopegate.yaml; nothing was checked." };

/** A problem at a line and column, one at a line without a column, and one with the file as a whole. */
const PROBLEMS: readonly InputProblem[] = [
  { file: "scopegate.yaml", line: 3, column: 5, message: "Unknown key 'grnt' <did you mean 'grant'?> | & \"so\"." },
  { file: "scopegate.yaml", line: 9, message: "Expected a list." },
  { file: "tenants/a b.yaml", message: "Cannot read the file (no such file)." },
];

describe("a report of problems in the input", () => {
  it.each(FORMATS)("%s ends with exactly one newline", (format) => {
    expect(formatProblems(format, PROBLEMS, context)).toMatch(/[^\n]\n$/);
  });

  it("text: each problem at its file, line and column (column 1 when unknown, the file alone for the whole file), then the count", () => {
    expect(formatProblems("text", PROBLEMS, context)).toBe(
      [
        `scopegate.yaml:3:5: Unknown key 'grnt' <did you mean 'grant'?> | & "so".`,
        "scopegate.yaml:9:1: Expected a list.",
        "tenants/a b.yaml: Cannot read the file (no such file).",
        "scopegate: 3 problems in scopegate.yaml; nothing was checked.",
        "",
      ].join("\n"),
    );
    expect(formatProblems("text", PROBLEMS.slice(1, 2), context)).toBe("scopegate.yaml:9:1: Expected a list.\nscopegate: 1 problem in scopegate.yaml; nothing was checked.\n");
  });

  it("json: each problem with null line and column for the whole file, and the count", () => {
    expect(JSON.parse(formatProblems("json", PROBLEMS, context))).toEqual({
      problems: [
        { file: "scopegate.yaml", line: 3, column: 5, message: PROBLEMS[0].message },
        { file: "scopegate.yaml", line: 9, column: 1, message: "Expected a list." },
        { file: "tenants/a b.yaml", line: null, column: null, message: "Cannot read the file (no such file)." },
      ],
      summary: { problems: 3 },
    });
  });

  it("sarif: one configuration-problem rule, an error result per problem on its line, valid SARIF 2.1.0", () => {
    const log = JSON.parse(formatProblems("sarif", PROBLEMS, context));
    expect(sarifErrors(log)).toBeUndefined();
    expect(log).toEqual({
      $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "scopegate",
              version: "0.1.0",
              rules: [
                {
                  id: "configuration-problem",
                  name: "ConfigurationProblem",
                  shortDescription: { text: "The input is not a valid configuration or cannot be read, so no policy rule ran." },
                  help: { text: "Fix the problem at the location given and run scopegate again; every problem of the input is reported in one pass." },
                  defaultConfiguration: { level: "error" },
                },
              ],
            },
          },
          results: [
            result(PROBLEMS[0].message, { uri: "scopegate.yaml" }, { startLine: 3, startColumn: 5 }),
            result("Expected a list.", { uri: "scopegate.yaml" }, { startLine: 9, startColumn: 1 }),
            result("Cannot read the file (no such file).", { uri: "tenants/a%20b.yaml" }),
          ],
        },
      ],
    });
  });

  it("sarif: fingerprints stay the same from release to release, and tell identical problems apart by how many came before", () => {
    const same = { file: "a.yaml", message: "Cannot read the file (no such file)." };
    const fingerprints = (problems: readonly InputProblem[]) =>
      JSON.parse(formatProblems("sarif", problems, context)).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints);
    expect(fingerprints([same, same, same, { ...same, line: 2 }, { ...same, line: 2, column: 1 }])).toEqual([
      { "scopegateProblem/v2": "9dd56def2c2d9161d8c1111a11c69d4d6169baec257aab22140c17f8be88b362" },
      { "scopegateProblem/v2": "8b107fedf72c356dfcf9e10f6dcdb592efc39410227ddbab892a11cbf6f52383" },
      { "scopegateProblem/v2": "280b10e5657417726764fe48c61cf7ad7acb25e15a85fc5e5524a2522862534d" },
      // Line 2 without a column is line 2 column 1: the second such problem.
      { "scopegateProblem/v2": "9607907a45907916c41bbe384e988afbe285caae6b7d5a245f630d78ca07a56c" },
      { "scopegateProblem/v2": "41cca338e0834c69a8cd1d7f804c49778ebe6aff403793f5fae26a363b89233f" },
    ]);
  });

  it("junit: one failing testcase per problem, named by its location, in one configuration-problem suite", () => {
    expect(formatProblems("junit", PROBLEMS, context)).toBe(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="scopegate" tests="3" failures="3" errors="0" skipped="0">`,
        `  <testsuite name="configuration-problem" tests="3" failures="3" errors="0" skipped="0">`,
        `    <testcase name="scopegate.yaml:3:5" classname="configuration-problem">`,
        `      <failure type="error" message="Unknown key 'grnt' &lt;did you mean 'grant'?&gt; | &amp; &quot;so&quot;.">scopegate.yaml:3:5: Unknown key 'grnt' &lt;did you mean 'grant'?&gt; | &amp; "so".</failure>`,
        `    </testcase>`,
        `    <testcase name="scopegate.yaml:9:1" classname="configuration-problem">`,
        `      <failure type="error" message="Expected a list.">scopegate.yaml:9:1: Expected a list.</failure>`,
        `    </testcase>`,
        `    <testcase name="tenants/a b.yaml" classname="configuration-problem">`,
        `      <failure type="error" message="Cannot read the file (no such file).">tenants/a b.yaml: Cannot read the file (no such file).</failure>`,
        `    </testcase>`,
        `  </testsuite>`,
        `</testsuites>`,
        ``,
      ].join("\n"),
    );
  });

  it("github: an error annotation per problem, on its line and column where it has one, then the count", () => {
    expect(formatProblems("github", PROBLEMS, context)).toBe(
      [
        `::error file=scopegate.yaml,line=3,col=5,title=configuration-problem::Unknown key 'grnt' <did you mean 'grant'?> | & "so".`,
        "::error file=scopegate.yaml,line=9,col=1,title=configuration-problem::Expected a list.",
        "::error file=tenants/a b.yaml,title=configuration-problem::Cannot read the file (no such file).",
        "scopegate: 3 problems in scopegate.yaml; nothing was checked.",
        "",
      ].join("\n"),
    );
  });

  it("markdown: check's marker and heading unless told otherwise, the count, and a table of the problems", () => {
    const table = [
      "| Location | Problem |",
      "| --- | --- |",
      "| `scopegate.yaml:3:5` | Unknown key 'grnt' &lt;did you mean 'grant'?&gt; \\| &amp; \"so\". |",
      "| `scopegate.yaml:9:1` | Expected a list. |",
      "| `tenants/a b.yaml` | Cannot read the file (no such file). |",
      "",
    ];
    expect(formatProblems("markdown", PROBLEMS, context)).toBe(
      ["<!-- scopegate -->", "### scopegate", "", "3 problems in scopegate.yaml; nothing was checked.", "", ...table].join("\n"),
    );
    expect(formatProblems("markdown", PROBLEMS, { ...context, markdownHeader: ["<!-- scopegate-promote -->", "### promote"] })).toBe(
      ["<!-- scopegate-promote -->", "### promote", "", "3 problems in scopegate.yaml; nothing was checked.", "", ...table].join("\n"),
    );
  });
});

describe("problems as findings of an unreadable input", () => {
  it("are errors of configuration-problem at the problem's line and column, line 1 column 1 for a whole file", () => {
    expect(findingsOfProblems(PROBLEMS).map((f) => [f.ruleId, f.severity, f.file, f.line, f.column, f.tenant, f.target, f.message])).toEqual([
      ["configuration-problem", "error", "scopegate.yaml", 3, 5, "scopegate.yaml", "configuration", PROBLEMS[0].message],
      ["configuration-problem", "error", "scopegate.yaml", 9, 1, "scopegate.yaml", "configuration", "Expected a list."],
      ["configuration-problem", "error", "tenants/a b.yaml", 1, 1, "tenants/a b.yaml", "configuration", "Cannot read the file (no such file)."],
    ]);
    // A column without a line says nothing: the problem is with the file as a whole.
    expect(findingsOfProblems([{ file: "a.yaml", column: 7, message: "Odd." }]).map((f) => [f.line, f.column])).toEqual([[1, 1]]);
  });
});

function result(text: string, artifactLocation: { uri: string }, region?: { startLine: number; startColumn: number }) {
  return {
    ruleId: "configuration-problem",
    ruleIndex: 0,
    level: "error",
    message: { text },
    locations: [{ physicalLocation: { artifactLocation, ...(region === undefined ? {} : { region }) } }],
    partialFingerprints: { "scopegateProblem/v2": expect.stringMatching(/^[0-9a-f]{64}$/) },
  };
}
