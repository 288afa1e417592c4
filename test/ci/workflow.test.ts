import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import picomatch from "picomatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { BOT_CONNECTOR, config, ROOT, run, tempDir } from "../helpers";

const WORKFLOW_FILE = path.join(ROOT, ".github", "workflows", "scopegate.yml");
const HOOKS_FILE = path.join(ROOT, ".pre-commit-hooks.yaml");
const TODAY = "2026-11-21";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, { paths?: string[] } | null>;
  readonly permissions: Record<string, string>;
  readonly env: Record<string, string>;
  readonly jobs: Record<string, { "runs-on": string; steps: Step[]; permissions?: unknown; env?: Record<string, string> }>;
}
/** Files of a workspace: path (relative, with /) → text. */
type Files = Readonly<Record<string, string>>;

/** Every file below `dir`, as Files. */
function filesBelow(dir: string): Files {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(entries.map((entry) => path.join(entry.parentPath, entry.name)).map((file) => [path.relative(dir, file).split(path.sep).join("/"), fs.readFileSync(file, "utf8")]));
}
interface Hook {
  readonly id: string;
  readonly entry: string;
  readonly language: string;
  readonly files: string;
  readonly pass_filenames: boolean;
}

/** Parses a YAML file strictly: one document, no errors or warnings (duplicate keys included). */
function readYaml<T>(file: string): T {
  const text = fs.readFileSync(file, "utf8");
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length !== 1) throw new Error(`${file}: expected exactly one YAML document`);
  const [document] = documents;
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`${file}: ${problems.join("; ")}`);
  return parse(text) as T;
}

const workflow = readYaml<Workflow>(WORKFLOW_FILE);
const hooks = readYaml<Hook[]>(HOOKS_FILE);
const [jobName] = Object.keys(workflow.jobs);
const job = workflow.jobs[jobName];
const steps = job.steps;

/** What GitHub puts in place of the `${{ ... }}` expressions the workflow's env uses. */
const EXPRESSIONS: Readonly<Record<string, string>> = {
  "github.server_url": "https://github.com",
  "github.repository": "acme/genesys-platform",
  "github.sha": "0123456789abcdef0123456789abcdef01234567",
  "github.base_ref": "main",
  "github.event.pull_request.number": "42",
  "github.token": "not-a-token",
};

function expand(value: string): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
    const known = EXPRESSIONS[expression];
    if (known === undefined) throw new Error(`the test does not know the workflow expression '\${{ ${expression} }}'`);
    return known;
  });
}

/**
 * The words of one shell command starting at `text`, as bash would pass them: quotes removed, `$NAME` and `${NAME}`
 * replaced from `vars` (an unknown variable fails the test), up to the first control operator, redirection or comment.
 */
function shellWords(text: string, vars: Readonly<Record<string, string>>): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const variable = (i: number): [string, number] => {
    const match = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
    if (match === null) throw new Error(`unsupported shell expansion at: ${text.slice(i)}`);
    const name = match[1] ?? match[2];
    if (!(name in vars)) throw new Error(`the workflow's scopegate command uses $${name}, which the test does not set: ${text}`);
    return [vars[name], match[0].length];
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
      i += 1;
    } else if ("|&;<>#\n".includes(c) && word === undefined) {
      break;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      word ??= "";
      for (i += 1; text[i] !== '"'; ) {
        if (i >= text.length) throw new Error(`unterminated quote in: ${text}`);
        if (text[i] === "$") {
          const [value, length] = variable(i);
          word += value;
          i += length;
        } else if (text[i] === "\\" && '"\\$`'.includes(text[i + 1])) {
          word += text[i + 1];
          i += 2;
        } else {
          word += text[i];
          i += 1;
        }
      }
      i += 1;
    } else if (c === "$") {
      const [value, length] = variable(i);
      word = (word ?? "") + value;
      i += length;
    } else if (c === "\\") {
      word = (word ?? "") + text[i + 1];
      i += 2;
    } else if ("|&;<>".includes(c)) {
      throw new Error(`an operator inside a word is not supported: ${text}`);
    } else {
      word = (word ?? "") + c;
      i += 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The variables a step's script sees: the workflow's and the step's env, and the runner's temporary directory. */
function stepVariables(step: Step, runnerTemp: string): Record<string, string> {
  const env = { ...workflow.env, ...job.env, ...step.env };
  return { ...Object.fromEntries(Object.entries(env).map(([name, value]) => [name, expand(String(value))])), RUNNER_TEMP: runnerTemp };
}

/**
 * The variables a step's script assigns itself (`name=...` at a line's start). Their values are the script's to decide
 * (see the workspace tests, which run the script): here each stands for itself, as `<$name>`.
 */
function scriptVariables(step: Step): Record<string, string> {
  const names = [...(step.run ?? "").matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, `<$${name}>`]));
}

/** A script's lines, with backslash-continued lines joined. */
function scriptLines(script: string): string[] {
  return script.replace(/\\\n\s*/g, " ").split("\n");
}

interface Invocation {
  readonly step: Step;
  /** The line as written in the workflow. */
  readonly line: string;
  /** The arguments after `npx scopegate`, variables substituted (those the script sets as `<$name>`). */
  readonly argv: string[];
}

/** Every `npx scopegate ...` in the workflow's run scripts, with `$RUNNER_TEMP` as `runnerTemp`. */
function scopegateInvocations(runnerTemp: string): Invocation[] {
  const found: Invocation[] = [];
  for (const step of steps) {
    if (step.run === undefined) continue;
    for (const line of scriptLines(step.run)) {
      const at = line.indexOf("npx scopegate");
      if (at < 0) continue;
      const words = shellWords(line.slice(at), { ...stepVariables(step, runnerTemp), ...scriptVariables(step) });
      expect(words.slice(0, 2)).toEqual(["npx", "scopegate"]);
      found.push({ step, line, argv: words.slice(2) });
    }
  }
  return found;
}

function only(invocations: readonly Invocation[], command: string): Invocation {
  const matching = invocations.filter((invocation) => invocation.argv[0] === command);
  expect(matching, `npx scopegate ${command} in the workflow`).toHaveLength(1);
  return matching[0];
}

/** The value of `--name` in argv. */
function option(argv: readonly string[], name: string): string {
  const at = argv.indexOf(`--${name}`);
  if (at < 0 || at + 1 >= argv.length) throw new Error(`no --${name} in: ${argv.join(" ")}`);
  return argv[at + 1];
}

/**
 * Whether a pull request changing `file` runs the workflow by `paths`, as GitHub filters: `*` stops at `/`, `**` crosses
 * folders, dot files are matched, and a later `!pattern` takes back what earlier patterns matched.
 */
function triggersOn(file: string): boolean {
  let matched = false;
  for (const pattern of workflow.on.pull_request?.paths ?? ["**"]) {
    const negated = pattern.startsWith("!");
    if (picomatch(negated ? pattern.slice(1) : pattern, { dot: true })(file)) matched = !negated;
  }
  return matched;
}

function stepIndex(predicate: (step: Step) => boolean, what: string): number {
  const index = steps.findIndex(predicate);
  expect(index, what).toBeGreaterThanOrEqual(0);
  return index;
}

describe("the pull-request workflow's shape", () => {
  it("runs on pull requests only, with contents: read, security-events: write and pull-requests: write", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "security-events": "write", "pull-requests": "write" });
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(job.permissions).toBeUndefined();
  });

  it("runs when the root file, a tenant file or scopegate's version changes, and not for unrelated files", () => {
    const triggering = ["scopegate.yaml", "scopegate.yml", "tenants/acme.yaml", "tenants/eu/acme.yml", "schema/scopegate.schema.json", ".github/workflows/scopegate.yml", "package.json", "package-lock.json"];
    for (const file of triggering) expect(triggersOn(file), file).toBe(true);
    for (const file of ["README.md", "src/app.ts", "docs/tenants/acme.yaml", "tenants.yaml"]) expect(triggersOn(file), file).toBe(false);
    // The comment above `paths` says to adjust the tenant files' pattern to the include patterns.
    expect(fs.readFileSync(WORKFLOW_FILE, "utf8")).toMatch(/`tenants\/\*\*`[^\n]*\n[^\n]*include/);
  });

  it("checks out with the base branch, sets up Node 20 with the npm cache and installs with npm ci", () => {
    const checkout = steps.find((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["fetch-depth"]).toBe(0);
    const node = steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(node?.with).toMatchObject({ "node-version": 20, cache: "npm" });
    expect(steps.some((step) => step.run?.trim() === "npm ci")).toBe(true);
  });

  it("never deploys, applies or plans, and uses no secret beyond the workflow's own token", () => {
    const text = fs.readFileSync(WORKFLOW_FILE, "utf8");
    for (const step of steps) {
      if (step.run !== undefined) expect(step.run, step.name).not.toMatch(/\b(deploy|apply|plan|terraform|cdktf|synth)\b|npm (start|run)/);
      if (step.uses !== undefined) expect(step.uses, step.name).not.toMatch(/terraform|cdktf|deploy|aws-actions|azure|google-github-actions/);
    }
    expect((text.match(/secrets\.[A-Za-z_]+/g) ?? []).filter((name) => name !== "secrets.GITHUB_TOKEN")).toEqual([]);
    expect(text).not.toMatch(/GENESYS|_CLIENT_SECRET|TF_VAR_/);
  });

  it("passes GitHub expressions to scripts only through env, never into the script text", () => {
    for (const step of steps) if (step.run !== undefined) expect(step.run, step.name).not.toContain("${{");
  });

  it("goes on after a failed check, uploads its SARIF, reports the promotion, comments, and only then fails", () => {
    const invocations = scopegateInvocations("/runner/temp");
    const check = only(invocations, "check");
    const promote = only(invocations, "promote");
    // Each remembers its exit code instead of ending the step (GitHub runs bash with -e).
    for (const { line } of [check, promote]) expect(line).toMatch(/\|\|\s*status=\$\?\s*$/);
    expect(check.step.run).toMatch(/echo "exit-code=\$status" >> "\$GITHUB_OUTPUT"/);
    expect(promote.step.run).toMatch(/echo "exit-code=\$status" >> "\$GITHUB_OUTPUT"/);

    const upload = steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@v3"));
    expect(upload?.if).toMatch(/^always\(\)/);
    expect(upload?.with).toEqual({ sarif_file: option(check.argv, "output"), category: "scopegate" });

    const comment = steps.find((step) => step.run?.includes("gh api"));
    expect(comment?.env?.GH_TOKEN).toBe("${{ github.token }}");
    expect(comment?.run).toContain(option(promote.argv, "output"));
    expect(comment?.run).toMatch(/marker='<!-- [^']+ -->'/);
    expect(comment?.run).toMatch(/--method PATCH/);

    const result = steps[steps.length - 1];
    expect(result.if).toMatch(/always\(\)|!cancelled\(\)/);
    expect(result.env).toEqual({ CHECK_EXIT: `\${{ steps.${check.step.id}.outputs.exit-code }}`, PROMOTE_EXIT: `\${{ steps.${promote.step.id}.outputs.exit-code }}` });
    expect(result.run).toMatch(/exit 1/);
    // Every step after the check still runs when the check (or an earlier one of them) failed.
    for (const step of steps.slice(steps.indexOf(check.step) + 1)) expect(step.if, step.name).toMatch(/always\(\)|!cancelled\(\)/);

    const order = [
      stepIndex((step) => step === check.step, "check"),
      stepIndex((step) => step === upload, "upload"),
      stepIndex((step) => step === promote.step, "promote"),
      stepIndex((step) => step === comment, "comment"),
      steps.length - 1,
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("compares dev with prod through workflow-level PROMOTE_FROM / PROMOTE_TO", () => {
    expect(workflow.env).toMatchObject({ PROMOTE_FROM: "dev", PROMOTE_TO: "prod" });
    const promote = only(scopegateInvocations("/runner/temp"), "promote");
    expect(promote.line).toContain('--from "$PROMOTE_FROM" --to "$PROMOTE_TO"');
    expect([option(promote.argv, "from"), option(promote.argv, "to"), option(promote.argv, "format")]).toEqual(["dev", "prod", "markdown"]);
  });

  it("has check compare with the base branch's Git revision unless files besides the tenant files changed, and promote always", () => {
    const invocations = scopegateInvocations("/runner/temp");
    const check = only(invocations, "check");
    const promote = only(invocations, "promote");
    expect(promote.line).toContain('--changed-since "origin/$BASE_REF"');
    expect(option(promote.argv, "changed-since")).toBe("origin/main");
    // The check's base is the script's: origin/$BASE_REF, or an empty file (every tenant) when git finds a change
    // besides the tenant files; the workspace tests below run the script.
    expect(check.line).toContain('--changed-since "$since"');
    expect(check.step.run).toContain('since="origin/$BASE_REF"');
    expect(check.step.run).toMatch(/git diff --quiet "origin\/\$BASE_REF\.\.\.HEAD" -- \. ':\(exclude\)/);
    for (const invocation of [check, promote]) expect(invocation.step.env?.BASE_REF).toBe("${{ github.base_ref }}");
    // The tenant files the script sets aside are those of `paths` (whose comment says to adjust them to `include`).
    const excluded = [...check.step.run!.matchAll(/':\(exclude\)([^']+)'/g)].map((match) => match[1]);
    expect(excluded).toEqual(["tenants/**"]);
    for (const pattern of excluded) expect(workflow.on.pull_request?.paths).toContain(pattern);
    // scopegate reads the base from Git itself (root file and tenant files); no step writes a base file any more.
    for (const step of steps) expect(step.run ?? "", step.name).not.toMatch(/git show/);
  });
});

/** The test's environment without that of a git hook the test may run under, which would point git at another repository. */
const ENV_WITHOUT_GIT = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_")));

/** Runs a step's script as GitHub does (`bash --noprofile --norc -eo pipefail`), in `cwd`, with `env` added. */
function runScript(step: Step, cwd: string, env: Record<string, string>) {
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], { cwd, env: { ...ENV_WITHOUT_GIT, ...env }, encoding: "utf8" });
}

describe("the workflow's shell steps", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("scopegate-steps-");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("are valid bash", () => {
    for (const step of steps) {
      if (step.run === undefined) continue;
      const result = spawnSync("bash", ["-n"], { input: step.run, encoding: "utf8" });
      expect(result.status, `${step.name}: ${result.stderr}`).toBe(0);
    }
  });

  it("fail the job at the end exactly when check or promote exited non-zero", () => {
    const result = steps[steps.length - 1];
    const outcome = (CHECK_EXIT: string, PROMOTE_EXIT: string) => runScript(result, dir, { CHECK_EXIT, PROMOTE_EXIT }).status;
    expect([outcome("0", "0"), outcome("1", "0"), outcome("0", "1"), outcome("2", "0"), outcome("0", "2"), outcome("", "0")]).toEqual([0, 1, 1, 1, 1, 1]);
  });

  it("post the promotion report as a new comment, then edit that same comment on the next push", () => {
    const comment = steps.find((step) => step.run?.includes("gh api"))!;
    const promote = only(scopegateInvocations(dir), "promote");
    const stub = path.join(dir, "bin");
    fs.mkdirSync(stub, { recursive: true });
    // A stand-in for the gh CLI: logs its arguments and the body it is given, and lists EXISTING_ID as a comment.
    fs.writeFileSync(
      path.join(stub, "gh"),
      `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GH_LOG"
for arg in "$@"; do case "$arg" in body=@*) cp "\${arg#body=@}" "$GH_LOG.body" ;; esac; done
if [ "$2" = "--paginate" ] && [ -n "$EXISTING_ID" ]; then echo "$EXISTING_ID"; echo 999; fi
`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, option(promote.argv, "output")), "## Promotion dev -> prod\n\n| tenant | ... |\n");
    const post = (existing: string) => {
      const log = path.join(dir, `gh-${existing || "none"}.log`);
      fs.rmSync(log, { force: true });
      const result = runScript(comment, dir, {
        PATH: `${stub}${path.delimiter}${process.env.PATH}`,
        GH_LOG: log,
        EXISTING_ID: existing,
        RUNNER_TEMP: dir,
        GITHUB_REPOSITORY: "acme/genesys-platform",
        PR_NUMBER: "42",
        GH_TOKEN: "not-a-token",
      });
      expect(result.status, result.stderr).toBe(0);
      return { calls: fs.readFileSync(log, "utf8").trim().split("\n"), body: fs.readFileSync(`${log}.body`, "utf8") };
    };
    const first = post("");
    expect(first.calls[0]).toMatch(/^api --paginate repos\/acme\/genesys-platform\/issues\/42\/comments --jq /);
    expect(first.calls[1]).toMatch(/^api --method POST repos\/acme\/genesys-platform\/issues\/42\/comments -F body=@/);
    const marker = /marker='([^']+)'/.exec(comment.run!)![1];
    expect(first.body).toBe(`${marker}\n## Promotion dev -> prod\n\n| tenant | ... |\n`);
    const next = post("123");
    expect(next.calls[1]).toMatch(/^api --method PATCH repos\/acme\/genesys-platform\/issues\/comments\/123 -F body=@/);
    expect(next.calls).toHaveLength(2);
    // A report that already starts with the marker is posted as it is.
    fs.writeFileSync(path.join(dir, option(promote.argv, "output")), `${marker}\n## Promotion dev -> prod\n`);
    expect(post("").body).toBe(`${marker}\n## Promotion dev -> prod\n`);
  });
});

describe("the workflow's scopegate commands, run as the workflow runs them", () => {
  let runnerTemp: string;
  let invocations: Invocation[];
  const workspaces: string[] = [];
  const sarifSchema = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", "sarif", "sarif-2.1.0-rtm.5.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validateSarif = ajv.compile(sarifSchema);

  /** The repository's example configuration, and the split example (root file and tenants/), as path → text. */
  const EXAMPLE: Files = { "scopegate.yaml": fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8") };
  const FLEET: Files = filesBelow(path.join(ROOT, "examples", "fleet"));

  /**
   * Runs the step of one invocation in `cwd` as the workflow does: its script, with the step's environment, and a
   * stand-in `npx` that records its arguments; then scopegate with exactly those arguments, as `npx scopegate` would.
   * `script` is what the script printed.
   */
  const scopegate = async (invocation: Invocation, cwd: string) => {
    const env = stepVariables(invocation.step, runnerTemp);
    const args = path.join(runnerTemp, "npx-args");
    fs.rmSync(args, { force: true });
    const script = runScript(invocation.step, cwd, {
      ...env,
      PATH: `${path.join(runnerTemp, "bin")}${path.delimiter}${process.env.PATH}`,
      NPX_ARGS: args,
      GITHUB_OUTPUT: path.join(runnerTemp, "github-output"),
      GITHUB_STEP_SUMMARY: path.join(runnerTemp, "step-summary.md"),
    });
    expect(script.status, script.stderr).toBe(0);
    const [command, ...argv] = fs.readFileSync(args, "utf8").split("\0").slice(0, -1);
    expect([command, argv[0]]).toEqual(["scopegate", invocation.argv[0]]);
    return { ...(await run(argv, { cwd, env, today: TODAY })), argv, script: script.stdout };
  };

  /**
   * A workspace as actions/checkout (fetch-depth: 0) leaves it for a pull request into main: the base branch's commit
   * as `origin/main` (holding `base`, or only a README when the base branch has no configuration) and no local branch,
   * and the pull request's `changes` (a file's new text; null deletes it) committed on a detached HEAD.
   */
  function pullRequest(base: Files | undefined, changes: Readonly<Record<string, string | null>>): string {
    const dir = tempDir("scopegate-workspace-");
    workspaces.push(dir);
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", dir, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false", ...args], { stdio: "pipe", env: ENV_WITHOUT_GIT });
    const write = (files: Readonly<Record<string, string | null>>) => {
      for (const [file, text] of Object.entries(files)) {
        const target = path.join(dir, file);
        if (text === null) {
          fs.rmSync(target);
        } else {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, text);
        }
      }
    };
    git("init", "-q", "-b", "main");
    write(base ?? { "README.md": "# genesys-platform\n" });
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    git("checkout", "-q", "--detach");
    git("branch", "-q", "-D", "main");
    write(changes);
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", "pull request");
    return dir;
  }

  /** The SARIF report check wrote in `dir`, validated against the SARIF 2.1.0 schema. */
  const sarifIn = (dir: string, check: Invocation) => {
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, option(check.argv, "output")), "utf8"));
    expect(validateSarif(sarif), ajv.errorsText(validateSarif.errors)).toBe(true);
    return sarif;
  };
  interface SarifResult {
    readonly ruleId: string;
    readonly level: string;
    readonly locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
  }
  /** The file a SARIF result points at. */
  const resultFile = (result: SarifResult) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
  /** The files a SARIF report's results point at. */
  const resultFiles = (sarif: { runs: { results: SarifResult[] }[] }) => [...new Set(sarif.runs[0].results.map(resultFile))].sort();

  beforeAll(() => {
    runnerTemp = tempDir("scopegate-runner-temp-");
    invocations = scopegateInvocations(runnerTemp);
    // A stand-in for npx: records its arguments, NUL-separated, for `scopegate` to run them.
    fs.mkdirSync(path.join(runnerTemp, "bin"));
    fs.writeFileSync(path.join(runnerTemp, "bin", "npx"), `#!/usr/bin/env bash\nprintf '%s\\0' "$@" > "$NPX_ARGS"\n`, { mode: 0o755 });
  });
  afterAll(() => {
    for (const dir of [runnerTemp, ...workspaces]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("check, with no configuration on the base branch, checks every tenant and writes a valid SARIF 2.1.0 report where the upload step reads it", async () => {
    const workspace = pullRequest(undefined, EXAMPLE);
    const check = only(invocations, "check");
    const result = await scopegate(check, workspace);
    expect(result.code, result.stderr).toBe(0);
    expect(result.script).toContain("every tenant is checked");
    expect(result.stderr).toContain(`scopegate check: 2 tenants of 2 changed since ${path.join(runnerTemp, "no-base.yaml")}`);
    const sarif = sarifIn(workspace, check);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.name).toBe("scopegate");
    for (const rule of sarif.runs[0].tool.driver.rules) {
      expect(rule.helpUri).toBe(`https://github.com/acme/genesys-platform/blob/0123456789abcdef0123456789abcdef01234567/docs/rules/${rule.id}.md`);
    }
  });

  it("check exits 1 on a pull request that adds an error and still writes the SARIF report", async () => {
    const valid = config({ clients: BOT_CONNECTOR });
    const workspace = pullRequest({ "scopegate.yaml": valid }, { "scopegate.yaml": valid.replace("  roles: [{ role: Bot Connector Integration }]", "") });
    const check = only(invocations, "check");
    const result = await scopegate(check, workspace);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain("1 tenant of 1 changed since ");
    expect(sarifIn(workspace, check).runs[0].results).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "grant-shape", level: "error" })]));
  });

  it("promote, with no configuration on the base branch, reports every tenant in markdown", async () => {
    const workspace = pullRequest(undefined, EXAMPLE);
    const promote = only(invocations, "promote");
    const result = await scopegate(promote, workspace);
    expect(result.code, result.stderr).toBe(0);
    const markdown = fs.readFileSync(path.join(workspace, option(promote.argv, "output")), "utf8");
    expect(markdown.trim()).not.toBe("");
    expect(markdown).toContain("acme");
    expect(markdown).toContain("globex");
  });

  it("promote, on a pull request that renames the target environment, writes the problem as the comment's report and exits 2", async () => {
    const workspace = pullRequest(EXAMPLE, { "scopegate.yaml": EXAMPLE["scopegate.yaml"].replace(/^ {6}prod:$/gm, "      production:") });
    const promote = only(invocations, "promote");
    // The report of the previous push: the comment step would post it again if promote left it there.
    const output = path.join(workspace, option(promote.argv, "output"));
    fs.writeFileSync(output, "<!-- scopegate-promote -->\n### scopegate promote: dev → prod\n\nNo changes.\n");
    const result = await scopegate(promote, workspace);
    expect(result.code, result.stderr).toBe(2);
    const markdown = fs.readFileSync(output, "utf8");
    expect(markdown.startsWith("<!-- scopegate-promote -->\n### scopegate promote: dev → prod\n")).toBe(true);
    expect(markdown).toContain("--to 'prod' is not an environment of the configuration; expected one of 'dev' or 'production'.");
    expect(markdown).toContain("nothing was promoted.");
  });

  it("check and promote, on a pull request that changes no tenant's declaration (a comment in a tenant file), exit 0 and promote writes markdown", async () => {
    const workspace = pullRequest(FLEET, { "tenants/acme.yaml": `# Owned by the CRM team.\n${FLEET["tenants/acme.yaml"]}` });
    const check = await scopegate(only(invocations, "check"), workspace);
    expect(check.code, check.stderr).toBe(0);
    expect(check.script).toBe("");
    expect(check.stderr).toContain("scopegate check: 0 tenants of 2 changed since origin/main");
    const promote = only(invocations, "promote");
    const result = await scopegate(promote, workspace);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(path.join(workspace, option(promote.argv, "output")), "utf8").trim()).not.toBe("");
  });

  it("check, when the base revision was not fetched, keeps it and exits 2 saying so", async () => {
    const workspace = pullRequest(FLEET, { "tenants/acme.yaml": `# Owned by the CRM team.\n${FLEET["tenants/acme.yaml"]}` });
    execFileSync("git", ["-C", workspace, "update-ref", "-d", "refs/remotes/origin/main"], { stdio: "pipe", env: ENV_WITHOUT_GIT });
    const check = await scopegate(only(invocations, "check"), workspace);
    expect(check.argv).toContain("origin/main");
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr + check.stdout).toContain("fetch-depth: 0");
  });

  describe("on a split configuration (examples/fleet: the root file and tenants/*.yaml)", () => {
    // On the base branch globex already holds a privileged role (an error) and a client not yet promoted to prod:
    // neither is the business of a pull request that changes only acme's file.
    const base: Files = {
      ...FLEET,
      "tenants/globex.yaml": FLEET["tenants/globex.yaml"]
        .replace("roles: [{ role: Bot Flow Sessions, division: home }]", "roles: [{ role: Master Admin, division: home }]")
        .replace("scopes: [messaging]\n", "scopes: [messaging]\n        only: [dev]\n"),
    };
    const acmeChange = { "tenants/acme.yaml": FLEET["tenants/acme.yaml"].replace("roles: [{ role: Analytics Export }]", "roles: [{ role: Master Admin }]") };

    it("has errors in both tenant files, as a check of the whole configuration shows", async () => {
      expect(base["tenants/globex.yaml"]).toContain("role: Master Admin");
      expect(base["tenants/globex.yaml"]).toContain("only: [dev]");
      expect(acmeChange["tenants/acme.yaml"]).toContain("role: Master Admin");
      const workspace = pullRequest(base, acmeChange);
      const all = await run(["check", "--format", "sarif"], { cwd: workspace, env: {}, today: TODAY });
      expect(all.code).toBe(1);
      expect(resultFiles(JSON.parse(all.stdout))).toEqual(expect.arrayContaining(["tenants/acme.yaml", "tenants/globex.yaml"]));
    });

    it("check, on a pull request that changes only tenants/acme.yaml, reports only acme's findings", async () => {
      const workspace = pullRequest(base, acmeChange);
      const check = only(invocations, "check");
      const result = await scopegate(check, workspace);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain("scopegate check: 1 tenant of 2 changed since origin/main");
      const sarif = sarifIn(workspace, check);
      const results = sarif.runs[0].results as SarifResult[];
      expect(results.some((found) => found.ruleId === "privileged-role" && found.level === "error" && resultFile(found) === "tenants/acme.yaml")).toBe(true);
      expect(resultFiles(sarif)).not.toContain("tenants/globex.yaml");
      expect(JSON.stringify(sarif.runs[0].results)).not.toContain("globex");
    });

    it("check, on a pull request that changes the root file, reports every tenant's findings", async () => {
      const workspace = pullRequest(base, { "scopegate.yaml": FLEET["scopegate.yaml"].replace("Reads users for the CRM;", "Reads the users for the CRM;") });
      const check = only(invocations, "check");
      const result = await scopegate(check, workspace);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain("scopegate check: 2 tenants of 2 changed since ");
      expect(resultFiles(sarifIn(workspace, check))).toContain("tenants/globex.yaml");
    });

    it("check, on a pull request that changes only scopegate's version (package.json), reports every tenant's findings; promote reports none", async () => {
      const packageJson = (version: string) => `${JSON.stringify({ private: true, devDependencies: { scopegate: version } }, null, 2)}\n`;
      const workspace = pullRequest({ ...base, "package.json": packageJson("0.1.0") }, { "package.json": packageJson("0.2.0") });
      const check = only(invocations, "check");
      const result = await scopegate(check, workspace);
      expect(result.code, result.stderr).toBe(1);
      expect(result.script).toContain("every tenant is checked");
      expect(result.stderr).toContain("scopegate check: 2 tenants of 2 changed since ");
      const sarif = sarifIn(workspace, check);
      const results = sarif.runs[0].results as SarifResult[];
      expect(results.some((found) => found.ruleId === "privileged-role" && found.level === "error" && resultFile(found) === "tenants/globex.yaml")).toBe(true);
      // The promotion report stays with the tenants the pull request changes: none.
      const promote = only(invocations, "promote");
      const report = await scopegate(promote, workspace);
      expect(report.code, report.stderr).toBe(0);
      expect(fs.readFileSync(path.join(workspace, option(promote.argv, "output")), "utf8")).not.toContain("globex");
    });

    it("promote, on a pull request that changes only tenants/acme.yaml, reports only acme", async () => {
      const workspace = pullRequest(base, acmeChange);
      const promote = only(invocations, "promote");
      const result = await scopegate(promote, workspace);
      expect(result.code, result.stderr).toBe(0);
      const markdown = fs.readFileSync(path.join(workspace, option(promote.argv, "output")), "utf8");
      expect(markdown).toContain("acme");
      expect(markdown).toContain("crm-sync");
      expect(markdown).not.toContain("globex");
    });
  });
});

describe("the pre-commit hook", () => {
  const hook = hooks.find((candidate) => candidate.id === "scopegate-check");

  it("is declared as a node hook on the root file and tenant files that takes no file names", () => {
    expect(hooks.map((candidate) => candidate.id)).toEqual(["scopegate-check"]);
    expect(hook).toMatchObject({ language: "node", pass_filenames: false });
    // pre-commit matches `files` with Python's re.search on paths from the repository's top, with /.
    const files = new RegExp(hook!.files);
    for (const file of ["scopegate.yaml", "scopegate.yml", "tenants/acme.yaml", "tenants/eu/globex.yml"]) expect(file).toMatch(files);
    const unrelated = ["examples/scopegate.yaml", "scopegate.yaml.bak", "other.yaml", "examples/fleet/tenants/acme.yaml", "mytenants/acme.yaml", "tenants/acme.json"];
    for (const file of unrelated) expect(file).not.toMatch(files);
  });

  it("runs the package's own bin, and its entry passes the example and fails a broken configuration", async () => {
    const [bin, ...argv] = shellWords(hook!.entry, {});
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(Object.keys(packageJson.bin)).toContain(bin);
    expect(argv[0]).toBe("check");
    const dir = tempDir("scopegate-hook-");
    try {
      fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
      expect((await run(argv, { cwd: dir, env: {}, today: TODAY })).code).toBe(0);
      // A split configuration: the root file with tenants/*.yaml beside it.
      fs.cpSync(path.join(ROOT, "examples", "fleet"), dir, { recursive: true });
      const split = await run(argv, { cwd: dir, env: {}, today: TODAY });
      expect(split.code, split.stdout).toBe(0);
      expect(split.stdout).toContain("tenants/acme.yaml");
      fs.rmSync(path.join(dir, "tenants"), { recursive: true });
      fs.writeFileSync(path.join(dir, "scopegate.yaml"), config({ clients: BOT_CONNECTOR.replace("  roles: [{ role: Bot Connector Integration }]", "") }));
      const failing = await run(argv, { cwd: dir, env: {}, today: TODAY });
      expect(failing.code).toBe(1);
      expect(failing.stdout).toContain("grant-shape");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
