import { createHash } from "node:crypto";
import type { Finding } from "../policies/finding";
import { CONFIGURATION_TARGET } from "../policies/finding";
import { defineRule } from "../policies/rule";
import { oneLine, plural } from "./common";
import { escapeData, escapeProperty } from "./github";
import type { Format } from "./context";
import { attr, xml } from "./junit";
import { cell, code, MARKER, table } from "./markdown";
import { artifactUri, SCHEMA_URI } from "./sarif";

/**
 * A mistake in the input that stopped a command before any rule ran: a problem in the configuration, or a Terraform
 * file that cannot be read. The shape of `ConfigProblem` (config/problems.ts).
 */
export interface InputProblem {
  readonly file: string;
  /** 1-based; absent for problems with the file as a whole (it cannot be read). */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** What a report of problems says besides them. */
export interface ProblemContext {
  /** scopegate's version, such as `0.1.0`. */
  readonly toolVersion: string;
  /** How the summary line ends: where the problems are and what did not happen, `in scopegate.yaml; nothing was checked.` */
  readonly whereAndConsequence: string;
  /** The Markdown report's first lines, marker and heading (default: `check`'s), so a workflow updating a comment finds it. */
  readonly markdownHeader?: readonly string[];
}

/** The rule id bad input is reported under where a format needs one (SARIF, JUnit, GitHub annotations). */
export const CONFIGURATION_PROBLEM_RULE = "configuration-problem";

const FORMATTERS: Readonly<Record<Format, (problems: readonly InputProblem[], context: ProblemContext) => string>> = {
  text: problemsText,
  json: problemsJson,
  sarif: problemsSarif,
  junit: problemsJunit,
  github: problemsGithub,
  markdown: problemsMarkdown,
};

/**
 * The problems that stopped a command, in an output format, as text ending with a newline: what a CI job that reads
 * the report gets instead of findings, with each problem's file, line and column.
 */
export function formatProblems(format: Format, problems: readonly InputProblem[], context: ProblemContext): string {
  return FORMATTERS[format](problems, context);
}

/** `file:line:column`, or the file alone for a problem with the whole file. */
function where(problem: InputProblem): string {
  return problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
}

/** `3 problems in scopegate.yaml; nothing was checked.` */
function summary(problems: readonly InputProblem[], context: ProblemContext): string {
  return `${plural(problems.length, "problem")} ${context.whereAndConsequence}`;
}

/** `file:line:column: message` per problem, then `scopegate: N problems ...`, as on standard error. */
function problemsText(problems: readonly InputProblem[], context: ProblemContext): string {
  return `${[...problems.map((problem) => oneLine(`${where(problem)}: ${problem.message}`)), `scopegate: ${summary(problems, context)}`].join("\n")}\n`;
}

/** `{ problems: [{ file, line, column, message }], summary: { problems } }`; line and column are null for a whole file. */
function problemsJson(problems: readonly InputProblem[]): string {
  const report = {
    problems: problems.map((problem) => ({ file: problem.file, line: problem.line ?? null, column: problem.line === undefined ? null : (problem.column ?? 1), message: problem.message })),
    summary: { problems: problems.length },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * A SARIF 2.1.0 log whose one rule is `configuration-problem` and whose results are the problems, at error level and
 * on their lines, so code scanning shows them where they are. No policy rule ran, so none is listed.
 */
function problemsSarif(problems: readonly InputProblem[], context: ProblemContext): string {
  const fingerprints = problemFingerprints(problems);
  const log = {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "scopegate",
            version: context.toolVersion,
            rules: [
              {
                id: CONFIGURATION_PROBLEM_RULE,
                name: "ConfigurationProblem",
                shortDescription: { text: "The input is not a valid configuration or cannot be read, so no policy rule ran." },
                help: { text: "Fix the problem at the location given and run scopegate again; every problem of the input is reported in one pass." },
                defaultConfiguration: { level: "error" },
              },
            ],
          },
        },
        results: problems.map((problem, index) => ({
          ruleId: CONFIGURATION_PROBLEM_RULE,
          ruleIndex: 0,
          level: "error",
          message: { text: problem.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(problem.file) },
                ...(problem.line === undefined ? {} : { region: { startLine: problem.line, startColumn: problem.column ?? 1 } }),
              },
            },
          ],
          partialFingerprints: { "scopegateProblem/v2": fingerprints[index]! },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Each problem's SARIF fingerprint: SHA-256 of its file, line, column and message, and of how many identical problems
 * came before it, so that code scanning keeps two problems with the same text (the same mistake on two lines, or on
 * a file as a whole) as two alerts instead of merging them.
 */
function problemFingerprints(problems: readonly InputProblem[]): string[] {
  const seen = new Map<string, number>();
  return problems.map((problem) => {
    const identity = JSON.stringify([problem.file, problem.line ?? null, problem.line === undefined ? null : (problem.column ?? 1), problem.message]);
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash("sha256").update(JSON.stringify([identity, occurrence])).digest("hex");
  });
}

/** JUnit XML: one suite `configuration-problem` with one failing test case per problem, named by its location. */
function problemsJunit(problems: readonly InputProblem[]): string {
  const count = problems.length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="scopegate" tests="${count}" failures="${count}" errors="0" skipped="0">`,
    `  <testsuite name="${CONFIGURATION_PROBLEM_RULE}" tests="${count}" failures="${count}" errors="0" skipped="0">`,
    ...problems.flatMap((problem) => [
      `    <testcase name="${attr(where(problem))}" classname="${CONFIGURATION_PROBLEM_RULE}">`,
      `      <failure type="error" message="${attr(problem.message)}">${xml(`${where(problem)}: ${problem.message}`)}</failure>`,
      `    </testcase>`,
    ]),
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

/** One `::error` workflow command per problem, on its line, then the summary line. */
function problemsGithub(problems: readonly InputProblem[], context: ProblemContext): string {
  const lines = problems.map((problem) => {
    const properties = [`file=${escapeProperty(problem.file)}`];
    if (problem.line !== undefined) properties.push(`line=${problem.line}`, `col=${problem.column ?? 1}`);
    properties.push(`title=${CONFIGURATION_PROBLEM_RULE}`);
    return `::error ${properties.join(",")}::${escapeData(problem.message)}`;
  });
  lines.push(oneLine(`scopegate: ${summary(problems, context)}`));
  return `${lines.join("\n")}\n`;
}

/** The pull-request comment: marker and heading, the count and what did not happen, a table of the problems (at most 50 rows). */
function problemsMarkdown(problems: readonly InputProblem[], context: ProblemContext): string {
  const header = context.markdownHeader ?? [MARKER, "### scopegate"];
  const lines = [...header, "", cell(summary(problems, context)), "", ...table(["Location", "Problem"], problems.map((problem) => [code(where(problem)), cell(problem.message)]))];
  return `${lines.join("\n")}\n`;
}

/**
 * The pseudo-rule a report lists input it could not read under, beside the findings of what it could: SARIF and
 * JUnit name it like a rule, and its findings are errors (a scan with an unreadable file exits 2 whatever else it
 * finds).
 */
export const UNREADABLE_INPUT_RULE = defineRule({
  id: CONFIGURATION_PROBLEM_RULE,
  description: "A file that could not be read, so no rule checked what it holds; the rest of the input was checked.",
  severity: { nonprod: "error", prod: "error" },
  messages: { unreadable: "{{problem}}" },
  check() {},
});

/** Problems as error findings of `UNREADABLE_INPUT_RULE`, at their file, line and column (line 1 for a whole file). */
export function findingsOfProblems(problems: readonly InputProblem[]): Finding[] {
  return problems.map((problem) => ({
    ruleId: CONFIGURATION_PROBLEM_RULE,
    severity: "error",
    message: problem.message,
    messageId: "unreadable",
    data: { problem: problem.message },
    file: problem.file,
    line: problem.line ?? 1,
    column: problem.line === undefined ? 1 : (problem.column ?? 1),
    tenant: problem.file,
    environment: undefined,
    target: CONFIGURATION_TARGET,
    waived: false,
  }));
}
