import * as fs from "node:fs";
import * as path from "node:path";
import type * as Sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProblems } from "../../formatters/problems";
import { BOT_CONNECTOR, config, orgsYaml, ROOT, run, tempDir } from "../helpers";
import type { JsonProblem } from "../sarif-schema";
import { sarifErrors } from "../sarif-schema";

const problemsOf = (stdout: string) => (JSON.parse(stdout) as { problems: JsonProblem[] }).problems;

/** A client written as an alias of another: --write cannot edit it without changing the one it names. */
const ALIASED = config({ clients: `bot-a: &bot\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]\n  only: [dev]\nbot-b: *bot` });

describe("input that does not fit the configuration: a report in the --format asked for, exit 2, no usage hint", () => {
  let dir: string;
  const scopegate = (argv: string[]) => run(argv, { cwd: dir, env: {}, today: "2026-11-21" });
  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
    fs.writeFileSync(path.join(dir, "aliased.yaml"), ALIASED);
    fs.writeFileSync(path.join(dir, "base-not-yaml.yaml"), "tenants:\n  acme: [unclosed\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("promote --to an environment the configuration does not declare: JSON on standard output, Markdown to --output under the comment's marker", async () => {
    const message = "--to 'staging' is not an environment of the configuration; expected one of 'dev' or 'prod'.";
    const json = await scopegate(["promote", "--from", "dev", "--to", "staging", "--format", "json"]);
    expect(json.code).toBe(2);
    expect(problemsOf(json.stdout)).toEqual([{ file: "scopegate.yaml", line: null, column: null, message }]);
    expect(json.stderr).toBe(`scopegate.yaml: ${message}\nscopegate: 1 problem in scopegate.yaml; nothing was promoted.\n`);

    const output = path.join(dir, "promote.md");
    fs.writeFileSync(output, "<!-- scopegate-promote -->\nan earlier, clean report\n");
    const markdown = await scopegate(["promote", "--from", "dev", "--to", "staging", "--format", "markdown", "--output", output]);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toBe(`scopegate: 1 problem; markdown report written to ${output}\n`);
    const written = fs.readFileSync(output, "utf8");
    expect(written.startsWith("<!-- scopegate-promote -->\n### scopegate promote: dev → staging\n")).toBe(true);
    expect(written).toContain("1 problem in scopegate.yaml; nothing was promoted.");
    expect(written).toContain("| `scopegate.yaml` | --to 'staging' is not an environment of the configuration;");
    expect(markdown.stderr).not.toContain("--help");
  });

  it("promote --tenant the configuration does not declare, and one without both environments", async () => {
    const json = await scopegate(["promote", "--from", "dev", "--to", "prod", "--tenant", "nosuch", "--format", "json"]);
    expect(json.code).toBe(2);
    expect(problemsOf(json.stdout)).toEqual([{ file: "scopegate.yaml", line: null, column: null, message: "--tenant 'nosuch' is not a tenant of the configuration; expected one of 'acme' or 'globex'." }]);
    expect(json.stderr).not.toContain("--help");

    // globex has a dev org only: the problem is at its first org, where its environments are declared.
    const globex = orgsYaml({ dev: {} }).replace(/ACME_/g, "GLOBEX_").replace(/acme-/g, "globex-");
    const twoTenants = config({ clients: BOT_CONNECTOR }).replace(/^tenants:\n/m, `tenants:\n  globex:\n${globex}`);
    fs.writeFileSync(path.join(dir, "two-tenants.yaml"), twoTenants);
    const line = twoTenants.split("\n").indexOf("      dev:") + 1;
    const partial = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", "two-tenants.yaml", "--tenant", "globex", "--format", "json"]);
    expect(partial.code, partial.stderr).toBe(2);
    expect(problemsOf(partial.stdout)).toEqual([{ file: "two-tenants.yaml", line, column: 7, message: "--tenant 'globex' does not have both environments 'dev' and 'prod'; it declares 'dev'." }]);
  });

  it("promote --changed-since a base that is not YAML: the problem at its line and column in the base file", async () => {
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", "base-not-yaml.yaml", "--format", "json"]);
    expect(result.code).toBe(2);
    const problems = problemsOf(result.stdout);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toEqual({ file: "base-not-yaml.yaml", line: expect.any(Number), column: expect.any(Number), message: expect.stringContaining("the base configuration is not valid YAML") });
    expect(result.stderr).toMatch(/^base-not-yaml\.yaml:\d+:\d+: the base configuration is not valid YAML/);
    expect(result.stderr).toMatch(/\nscopegate: \d+ problems? in base-not-yaml\.yaml; nothing was promoted\.\n$/);
    expect(result.stderr).not.toContain("--help");
  });

  it("promote --changed-since a base that does not exist: the problem at the base file", async () => {
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--changed-since", "no-such-base.yaml", "--format", "markdown"]);
    expect(result.code).toBe(2);
    expect(result.stdout.startsWith("<!-- scopegate-promote -->\n")).toBe(true);
    expect(result.stdout).toContain("| `no-such-base.yaml` | --changed-since 'no-such-base.yaml' cannot be read (ENOENT);");
    expect(result.stderr).not.toContain("--help");
  });

  it("promote --write refusing a client built from an alias: the problem at the client's line and column, nothing written", async () => {
    const result = await scopegate(["promote", "--from", "dev", "--to", "prod", "--config", "aliased.yaml", "--write", "--format", "json"]);
    expect(result.code).toBe(2);
    const line = ALIASED.split("\n").findIndex((text) => text.includes("bot-b: *bot")) + 1;
    expect(problemsOf(result.stdout)).toEqual([{ file: "aliased.yaml", line, column: 7, message: expect.stringMatching(/^cannot edit aliased\.yaml: acme\/bot-b: .*alias/) }]);
    expect(result.stderr).toMatch(new RegExp(`^aliased\\.yaml:${line}:7: cannot edit aliased\\.yaml: `));
    expect(result.stderr).not.toContain("--help");
    expect(fs.readFileSync(path.join(dir, "aliased.yaml"), "utf8")).toBe(ALIASED);
  });

  it("check --tenant / --env the configuration does not declare: every one, as valid SARIF and as GitHub annotations", async () => {
    const sarif = await scopegate(["check", "--tenant", "nosuch", "--env", "nosuch", "--format", "sarif"]);
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    expect(log.runs[0].results?.map((result) => [result.ruleId, result.message.text, result.locations?.[0].physicalLocation?.artifactLocation?.uri])).toEqual([
      ["configuration-problem", "--tenant 'nosuch' is not a tenant of the configuration; expected one of 'acme' or 'globex'.", "scopegate.yaml"],
      ["configuration-problem", "--env 'nosuch' is not an environment of the configuration; expected one of 'dev' or 'prod'.", "scopegate.yaml"],
    ]);
    expect(sarif.stderr).toMatch(/\nscopegate: 2 problems in scopegate\.yaml; nothing was checked\.\n$/);
    expect(sarif.stderr).not.toContain("--help");

    const github = await scopegate(["check", "--env", "prd", "--format", "github"]);
    expect(github.code).toBe(2);
    expect(github.stdout).toBe(
      "::error file=scopegate.yaml,title=configuration-problem::--env 'prd' is not an environment of the configuration; expected one of 'dev' or 'prod'. Did you mean 'prod'?\n" +
        "scopegate: 1 problem in scopegate.yaml; nothing was checked.\n",
    );
  });

  it("deploy-client <stack> the configuration does not declare, --format json", async () => {
    const result = await scopegate(["deploy-client", "nosuch-prod", "--format", "json"]);
    expect(result.code).toBe(2);
    expect(problemsOf(result.stdout)).toEqual([{ file: "scopegate.yaml", line: null, column: null, message: expect.stringContaining("no stack 'nosuch-prod'") }]);
    expect(result.stderr).not.toContain("--help");
  });
});

describe("GitHub annotations and standard error stay one line per problem", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("escapes %, CR and LF in messages and properties as workflow commands require", () => {
    const report = formatProblems("github", [{ file: "a,b:\n%.yaml", line: 3, column: 5, message: "Unknown key 'x\r\n::error::injected %0A'" }], {
      toolVersion: "0.0.0",
      whereAndConsequence: "in a.yaml; nothing was checked.",
    });
    expect(report).toBe(
      "::error file=a%2Cb%3A%0A%25.yaml,line=3,col=5,title=configuration-problem::Unknown key 'x%0D%0A::error::injected %250A'\nscopegate: 1 problem in a.yaml; nothing was checked.\n",
    );
  });

  it("a configuration whose name holds a line break starts no workflow command of its own, with or without findings", async () => {
    const name = "x\n::error::injected.yaml";
    fs.writeFileSync(path.join(dir, name), config({ clients: BOT_CONNECTOR }));
    const clean = await run(["check", "--config", name, "--format", "github"], { cwd: dir, env: {}, today: "2026-11-21" });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout.split("\n").filter((line) => line.startsWith("::error::injected"))).toEqual([]);
    expect(clean.stdout).toContain("in x\\n::error::injected.yaml");
    const text = await run(["check", "--config", name], { cwd: dir, env: {}, today: "2026-11-21" });
    expect(text.stdout.split("\n").filter((line) => line.startsWith("::error::injected"))).toEqual([]);
  });

  it("on standard error, a problem and the summary line stay one line each, control characters escaped", async () => {
    const result = await run(["check", "--config", "missing\n::error::x\r.yaml", "--format", "github"], { cwd: dir, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "missing\\u000a::error::x\\u000d.yaml: Cannot read the configuration file (no such file).\nscopegate: 1 problem in missing\\u000a::error::x\\u000d.yaml; nothing was checked.\n",
    );
    expect(result.stdout.split("\n").filter((line) => line.startsWith("::error::x"))).toEqual([]);
  });
});

describe("SARIF fingerprints of configuration problems", () => {
  it("differ for problems with the same text, on different lines or repeated on one file", async () => {
    const context = { toolVersion: "0.0.0", whereAndConsequence: "in a.yaml; nothing was checked." };
    const message = "Duplicate key 'scopes'; each key may appear only once in a mapping.";
    const log = JSON.parse(
      formatProblems(
        "sarif",
        [
          { file: "a.yaml", line: 3, column: 5, message },
          { file: "a.yaml", line: 9, column: 5, message },
          { file: "a.yaml", message: "Cannot read the configuration file (no such file)." },
          { file: "a.yaml", message: "Cannot read the configuration file (no such file)." },
        ],
        context,
      ),
    ) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    const fingerprints = log.runs[0].results!.map((result) => Object.values(result.partialFingerprints ?? {})[0]);
    expect(new Set(fingerprints).size).toBe(4);
  });

  it("differ for two identical problems from the command line", async () => {
    const result = await run(["check", "--tenant", "nosuch", "--tenant", "nosuch", "--format", "sarif"], { env: {} });
    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    expect(sarifErrors(log)).toBeUndefined();
    const results = log.runs[0].results!;
    expect(results).toHaveLength(2);
    expect(results[0].message.text).toBe(results[1].message.text);
    expect(results[0].partialFingerprints).not.toEqual(results[1].partialFingerprints);
  });
});

describe("usage errors: one line saying what was expected", () => {
  const usage = async (argv: string[]) => {
    const result = await run(argv, { env: {} });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n");
    expect(lines, result.stderr).toHaveLength(3);
    expect(lines[2]).toBe("");
    return lines;
  };

  it("--max-warnings -1: what the option takes, in one line", async () => {
    const [message, hint] = await usage(["check", "--max-warnings", "-1"]);
    expect(message).toBe("scopegate check: --max-warnings is followed by '-1', which reads as an option, not as its value; expected a whole number such as 0.");
    expect(hint).toBe("Run 'scopegate check --help' for its usage.");
  });

  it("an option without its value says what value it takes", async () => {
    const [message] = await usage(["check", "--format"]);
    expect(message).toBe("scopegate check: --format needs a value; expected a format, such as 'json'.");
  });

  it("an unknown option suggests the nearest known one", async () => {
    expect((await usage(["check", "--formt", "json"]))[0]).toMatch(/^scopegate check: Unknown option '--formt'; expected one of '--config', .* or '--help'\. Did you mean '--format'\?$/);
    expect((await usage(["scan", ".", "--max-warning", "0"]))[0]).toMatch(/^scopegate scan: Unknown option '--max-warning'; .* Did you mean '--max-warnings'\?$/);
    expect(await usage(["--verison"])).toEqual([
      "scopegate: unknown option '--verison'; expected a command (check, scan, synth, deploy, stacks, promote, deploy-client, access, rules, explain), --help or --version. Did you mean '--version'?",
      "Run 'scopegate --help' for what each does.",
      "",
    ]);
  });

  it("an unexpected argument ends with a period", async () => {
    const [message] = await usage(["check", "x"]);
    expect(message).toBe("scopegate check: Unexpected argument 'x'. This command does not take positional arguments.");
  });
});

describe("counts with their nouns", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("synth: '1 client' in the summary table", async () => {
    fs.writeFileSync(path.join(dir, "one.yaml"), config({ clients: BOT_CONNECTOR }));
    const result = await run(["synth", "--config", "one.yaml", "--out", "out"], { cwd: dir, env: {}, today: "2026-11-21" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}acme-dev +nonprod +eu-west-1 +1 client +local state$/m);
    expect(result.stdout).not.toContain("1 clients");
  });

  it("synth: one error-level finding is 'it'", async () => {
    // No roles for a CLIENT-CREDENTIALS client (grant-shape), in dev only.
    fs.writeFileSync(path.join(dir, "one-error.yaml"), config({ clients: BOT_CONNECTOR.replace("  roles: [{ role: Bot Connector Integration }]", "  only: [dev]") }));
    const result = await run(["synth", "--config", "one-error.yaml", "--out", "out-error"], { cwd: dir, env: {}, today: "2026-11-21" });
    expect(result.code).toBe(1);
    const errors = (result.stdout.match(/ error /g) ?? []).length;
    expect(errors).toBe(1);
    expect(result.stderr).toBe("scopegate synth: 1 error-level finding; nothing was written. Fix it (or, where the rule allows it, waive it under 'policy.waivers').\n");
  });
});
