import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT, run, statTree, tempDir } from "../helpers";

/**
 * `scopegate deploy` against fake `cdktf` and `terraform` executables on PATH: shell scripts that use only shell
 * built-ins, so the tests need neither Terraform, nor the network, nor anything else on PATH.
 */
describe.skipIf(process.platform === "win32")("scopegate deploy", () => {
  let dir: string;
  let bin: string;
  let noCdktf: string;
  let noTerraform: string;
  let log: string;
  const credentials = { ACME_DEV_CLIENT_ID: "dev-id", ACME_DEV_CLIENT_SECRET: "dev-secret", ACME_PROD_CLIENT_ID: "prod-id", ACME_PROD_CLIENT_SECRET: "prod-secret" };

  /** The fake cdktf records its arguments and the credentials it was given, then exits with $FAKE_CDKTF_EXIT. */
  const FAKE_CDKTF = `#!/bin/sh
for arg in "$@"; do printf 'arg %s\\n' "$arg" >> "$FAKE_LOG"; done
printf 'TF_VAR_ACME_DEV_CLIENT_ID=%s\\nTF_VAR_ACME_PROD_CLIENT_ID=%s\\nSCOPEGATE_CONFIG=%s\\nSCOPEGATE_SYNTH_TENANTS=%s\\n' "$TF_VAR_ACME_DEV_CLIENT_ID" "$TF_VAR_ACME_PROD_CLIENT_ID" "$SCOPEGATE_CONFIG" "$SCOPEGATE_SYNTH_TENANTS" >> "$FAKE_LOG"
exit "\${FAKE_CDKTF_EXIT:-0}"
`;

  function executable(folder: string, name: string, text: string): void {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, name), text, { mode: 0o755 });
  }

  function deploy(argv: string[], { PATH = bin, exit = "0" }: { PATH?: string; exit?: string } = {}) {
    return run(["deploy", ...argv], { cwd: dir, env: { ...credentials, PATH, FAKE_LOG: log, FAKE_CDKTF_EXIT: exit } });
  }

  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : undefined);

  beforeAll(() => {
    dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
    // Where 'cdktf deploy' finds the app; scopegate deploy refuses to start without it.
    fs.copyFileSync(path.join(ROOT, "cdktf.json"), path.join(dir, "cdktf.json"));
    bin = path.join(dir, "bin");
    executable(bin, "cdktf", FAKE_CDKTF);
    executable(bin, "terraform", "#!/bin/sh\nexit 0\n");
    noCdktf = path.join(dir, "bin-without-cdktf");
    executable(noCdktf, "terraform", "#!/bin/sh\nexit 0\n");
    noTerraform = path.join(dir, "bin-without-terraform");
    executable(noTerraform, "cdktf", FAKE_CDKTF);
    log = path.join(dir, "cdktf.log");
  });
  beforeEach(() => fs.rmSync(log, { force: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs 'cdktf deploy <stack>' with that stack's credentials only, and the options after '--'", async () => {
    const result = await deploy(["acme-dev", "--", "--auto-approve"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(calls()).toBe(
      "arg deploy\narg acme-dev\narg --auto-approve\nTF_VAR_ACME_DEV_CLIENT_ID=dev-id\nTF_VAR_ACME_PROD_CLIENT_ID=\nSCOPEGATE_CONFIG=scopegate.yaml\nSCOPEGATE_SYNTH_TENANTS=acme\n",
    );
  });

  it("refuses more than one stack, before anything runs", async () => {
    const result = await deploy(["acme-dev", "acme-prod"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "scopegate deploy: deploy takes one stack per run, so that each deploys with its own org's credentials; got 'acme-dev' and 'acme-prod'. Run 'scopegate deploy acme-dev', then 'scopegate deploy acme-prod'.\n" +
        "Run 'scopegate deploy --help' for its usage.\n",
    );
    expect(calls()).toBeUndefined();
  });

  it.each([["acme-prod"], ["*"], ["acme-*"]])("refuses '%s' after '--', which would have cdktf deploy another stack with these credentials", async (other) => {
    const result = await deploy(["acme-dev", "--", other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`'${other}' after '--' would have cdktf deploy more stacks with the credentials of 'acme-dev'`);
    expect(calls()).toBeUndefined();
  });

  it("exits 3 when cdktf deploy fails, and says the stack may be partly deployed", async () => {
    const result = await deploy(["acme-prod"], { exit: "1" });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "scopegate deploy: 'cdktf deploy acme-prod' exited with code 1; if Terraform had started applying, 'acme-prod' may be partly deployed (see the output above). Fix the cause and run 'scopegate deploy acme-prod' again: Terraform carries on from the state it recorded.\n",
    );
    expect(calls()).toContain("TF_VAR_ACME_PROD_CLIENT_ID=prod-id\n");
  });

  it("exits 3 without running anything when cdktf is not found", async () => {
    const result = await deploy(["acme-dev"], { PATH: noCdktf });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^scopegate deploy: cdktf was not found in node_modules\/\.bin of .* nor on PATH; install it \('npm install --save-dev cdktf-cli@0\.21'\) and run again\. Nothing was deployed\.\n$/);
  });

  it("exits 3 without running cdktf when terraform is not found", async () => {
    const result = await deploy(["acme-dev"], { PATH: noTerraform });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "scopegate deploy: 'terraform' was not found on PATH, and cdktf deploy runs it; install Terraform (or name it in TERRAFORM_BINARY_NAME) and run again. Nothing was deployed.\n",
    );
    expect(calls()).toBeUndefined();
  });

  it("names the one missing credential variable in the singular, and both in the plural", async () => {
    const one = await run(["deploy", "acme-prod"], { cwd: dir, env: { PATH: bin, ACME_PROD_CLIENT_ID: "prod-id" } });
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("stack 'acme-prod' needs the environment variable 'ACME_PROD_CLIENT_SECRET' (scopegate.yaml:");
    const both = await run(["deploy", "acme-prod"], { cwd: dir, env: { PATH: bin } });
    expect(both.stderr).toContain("stack 'acme-prod' needs the environment variables 'ACME_PROD_CLIENT_ID' and 'ACME_PROD_CLIENT_SECRET' (scopegate.yaml:");
  });

  it("exits 2 without running cdktf where there is no cdktf.json, saying which directory lacks it and that nothing was deployed", async () => {
    // cdktf itself would fail ("Missing required argument: app") after starting: that is no failed, partial deploy.
    const elsewhere = path.join(dir, "elsewhere");
    fs.mkdirSync(elsewhere, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(elsewhere, "scopegate.yaml"));
    const result = await run(["deploy", "acme-dev"], { cwd: elsewhere, env: { ...credentials, PATH: bin, FAKE_LOG: log, FAKE_CDKTF_EXIT: "1" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `scopegate deploy: there is no cdktf.json in ${elsewhere}, the working directory; 'cdktf deploy' reads it to find the app that synthesizes the stacks. Run 'scopegate deploy acme-dev' from the directory that holds cdktf.json (your scopegate project). Nothing was deployed.\n`,
    );
    expect(result.stderr).not.toContain("partly deployed");
    expect(result.stderr).not.toContain("--help");
    expect(calls()).toBeUndefined();
  });

  it("has the app that 'cdktf deploy' runs synthesize only the stack's tenant, leaving the other stacks in cdktf.out as they were", async () => {
    const project = path.join(dir, "project");
    fs.mkdirSync(project);
    const example = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
    fs.writeFileSync(path.join(project, "scopegate.yaml"), example);
    fs.copyFileSync(path.join(ROOT, "cdktf.json"), path.join(project, "cdktf.json"));
    expect((await run(["synth"], { cwd: project })).code).toBe(0);
    const out = path.join(project, "cdktf.out");
    const globexBefore = statTree(path.join(out, "stacks", "globex-prod"));
    // Both tenants change; deploying acme-dev synthesizes acme's stacks only.
    fs.writeFileSync(path.join(project, "scopegate.yaml"), example.replace("to the data warehouse.", "to the data lake.").replace("from its own chat channel.", "from its new chat channel."));
    // A cdktf that synthesizes as 'cdktf deploy' does: it runs the app (main.ts) with CDKTF_OUTDIR its output directory.
    const synthesizing = path.join(dir, "bin-synthesizing");
    executable(synthesizing, "cdktf", '#!/bin/sh\nCDKTF_OUTDIR="$PWD/cdktf.out" exec "$FAKE_NODE" "$FAKE_TSX" "$FAKE_APP"\n');
    executable(synthesizing, "terraform", "#!/bin/sh\nexit 0\n");
    const env = { ...credentials, PATH: synthesizing, FAKE_NODE: process.execPath, FAKE_TSX: path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), FAKE_APP: path.join(ROOT, "main.ts") };
    const result = await run(["deploy", "acme-dev"], { cwd: project, env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(out, "stacks", "acme-dev", "cdk.tf.json"), "utf8")).toContain("to the data lake.");
    expect(statTree(path.join(out, "stacks", "globex-prod"))).toEqual(globexBefore);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks)).toEqual(["acme-dev", "acme-prod", "globex-dev", "globex-prod"]);
  });

  it("documents exit code 3 in its help", async () => {
    const help = await run(["deploy", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("3: the deploy failed");
    expect(help.stdout).toContain("One stack per run");
  });
});
