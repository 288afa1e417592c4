import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers";

/**
 * scopegate as a team installs it: `npm pack`, then the tarball installed into a project that is not this repository,
 * offline (every package comes from the npm cache `npm ci` filled, pinned by a lockfile written from this
 * repository's), with no install script run. From that project: `npx scopegate check` and `synth` on its own
 * configuration, the schema path of the editor comment, and a TypeScript cdktf app that imports the library.
 */

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
let project: string;
let tarball: string;

interface LockPackage {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dev?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [key: string]: unknown;
}

/**
 * The lockfile entries of the packages `names` need, found as Node finds them (nested first, then up the tree), with
 * their own dependencies: the installed project gets exactly the versions this repository tested.
 */
function closureOf(names: readonly string[], packages: Readonly<Record<string, LockPackage>>): Record<string, LockPackage> {
  const found: Record<string, LockPackage> = {};
  const visit = (from: string, name: string) => {
    for (let at = from; ; at = at.includes("/node_modules/") ? at.slice(0, at.lastIndexOf("/node_modules/")) : "") {
      const key = at === "" ? `node_modules/${name}` : `${at}/node_modules/${name}`;
      if (packages[key] !== undefined) {
        if (found[key] !== undefined) return;
        const entry = packages[key];
        found[key] = Object.fromEntries(Object.entries(entry).filter(([field]) => field !== "dev" && field !== "devOptional")) as LockPackage;
        for (const dependency of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) visit(key, dependency);
        return;
      }
      if (at === "") return;
    }
  };
  for (const name of names) visit("", name);
  return found;
}

function run(command: string, args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", npm_config_update_notifier: "false" }, timeout: 240_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.cjs")], { cwd: ROOT, stdio: "pipe" });
  const packDir = tempDir("scopegate-pack-");
  const packed = JSON.parse(execFileSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], { cwd: ROOT, encoding: "utf8" })) as { filename: string }[];
  tarball = path.join(packDir, packed[0].filename);

  project = tempDir("scopegate-user-");
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
  const needed = closureOf([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)], lock.packages);
  const integrity = `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
  const dependency = `file:${tarball}`;
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "acme-genesys", version: "1.0.0", private: true, dependencies: { scopegate: dependency } }, null, 2));
  fs.writeFileSync(
    path.join(project, "package-lock.json"),
    JSON.stringify(
      {
        name: "acme-genesys",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { name: "acme-genesys", version: "1.0.0", dependencies: { scopegate: dependency } },
          "node_modules/scopegate": {
            version: "0.1.0",
            resolved: dependency,
            integrity,
            dependencies: manifest.dependencies,
            peerDependencies: manifest.peerDependencies,
            bin: { scopegate: "bin/scopegate.mjs" },
          },
          ...needed,
        },
      },
      null,
      2,
    ),
  );
  const install = run(NPM, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);
  if (install.code !== 0) throw new Error(`npm ci of the packed tarball failed:\n${install.stderr}`);
}, 300_000);

describe("the packed package, installed into another project", () => {
  it("ships compiled code, declarations, the schema and the rule docs, and no tests, fixtures or sources", () => {
    const listed = JSON.parse(execFileSync(NPM, ["pack", "--dry-run", "--ignore-scripts", "--json"], { cwd: ROOT, encoding: "utf8" })) as { files: { path: string }[] }[];
    const files = listed[0].files.map((file) => file.path);
    expect(files.filter((file) => /(^|\/)(test|tests|fixtures|bench)\//.test(file) || /\.test\./.test(file))).toEqual([]);
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    // Members marked @internal (the stack's registration of its clients and roles) are not part of the declarations.
    const declarations = fs.readFileSync(path.join(project, "node_modules", "scopegate", "dist", "constructs", "genesys-org-stack.d.ts"), "utf8");
    expect(declarations.match(/registerClient|registerRole|takeRoleAddress/g)).toBeNull();
    expect(files).toEqual(expect.arrayContaining(["bin/scopegate.mjs", "dist/cli/bin.js", "dist/constructs/index.js", "dist/constructs/index.d.ts", "dist/policies/index.d.ts", "schema/scopegate.schema.json", "docs/rules/least-privilege.md"]));
    const installed = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "scopegate", "package.json"), "utf8")) as { scripts?: Record<string, string> };
    expect(Object.keys(installed.scripts ?? {}).filter((name) => ["preinstall", "install", "postinstall"].includes(name))).toEqual([]);
  }, 180_000);

  it("runs 'npx scopegate check' and 'npx scopegate synth' on the project's own configuration", () => {
    const schemaComment = "# yaml-language-server: $schema=node_modules/scopegate/schema/scopegate.schema.json";
    fs.writeFileSync(
      path.join(project, "scopegate.yaml"),
      `${schemaComment}
version: 1
tenants:
  acme:
    orgs:
      dev:
        orgName: acme-dev
        region: eu-west-1
        tier: nonprod
        credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }
    oauthClients:
      widget:
        name: Acme web widget
        grant: CODE
        capabilities: [web-messaging]
        scopes: [messaging]
        redirectUris: ["https://acme.example.com/oauth/callback"]
`,
    );
    expect(fs.existsSync(path.join(project, schemaComment.split("$schema=")[1]))).toBe(true);
    const check = run(NPM, ["exec", "--offline", "--", "scopegate", "check"], project);
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: "" });
    const synth = run(NPM, ["exec", "--offline", "--", "scopegate", "synth"], project);
    expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: "" });
    const stack = JSON.parse(fs.readFileSync(path.join(project, "cdktf.out", "stacks", "acme-dev", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, { name: string }>> };
    expect(stack.resource.genesyscloud_oauth_client.widget.name).toBe("Acme web widget");
  }, 180_000);

  it("reports a bad configuration as the sources do: file, line and column, exit 2", () => {
    fs.writeFileSync(path.join(project, "bad.yaml"), "version: 1\ntenants:\n  acme:\n    orgs: 5\n");
    const installed = run(NPM, ["exec", "--offline", "--", "scopegate", "check", "--config", "bad.yaml"], project);
    const sources = run(process.execPath, [path.join(ROOT, "bin", "scopegate.mjs"), "check", "--config", "bad.yaml"], project);
    expect(installed.code).toBe(2);
    expect(installed.stderr).toContain("bad.yaml:4:");
    expect({ code: installed.code, stdout: installed.stdout, stderr: installed.stderr }).toEqual({ code: sources.code, stdout: sources.stdout, stderr: sources.stderr });
  }, 180_000);

  it("type-checks and synthesizes a TypeScript cdktf app that imports the library", () => {
    fs.writeFileSync(
      path.join(project, "app.ts"),
      `import { App, Aspects } from "cdktf";
import { GenesysCustomRole, GenesysDivision, GenesysOAuthClient, GenesysOrgStack, ScopegatePolicy } from "scopegate";
import { RULES, type Finding } from "scopegate/policies";

const app = new App({ outdir: "code-out" });
Aspects.of(app).add(new ScopegatePolicy({ reportFile: "policy-report.txt" }));
for (const environment of ["dev", "prod"] as const) {
  const org = new GenesysOrgStack(app, { tenant: "acme", environment, orgName: \`acme-\${environment}\`, region: "eu-west-1" });
  const role = new GenesysCustomRole(org, "BotRole", {
    name: "Bot Connector",
    permissions: ["integration:botconnector:view", "integration:botconnector:edit"],
  });
  new GenesysOAuthClient(org, "bot", {
    name: "Acme bot",
    grantType: "CLIENT-CREDENTIALS",
    capabilities: ["bot-connector"],
    roles: [{ role, division: GenesysDivision.HOME }],
  });
  new GenesysOAuthClient(org, "widget", {
    name: "Acme web widget",
    grantType: "CODE",
    capabilities: ["web-messaging"],
    scopes: ["messaging"],
    redirectUris: ["https://acme.example.com/oauth/callback"],
  });
}
app.synth();
const ruleIds: readonly Finding["ruleId"][] = RULES.map((rule) => rule.id);
if (!ruleIds.includes("least-privilege")) throw new Error("scopegate/policies has no rules");
`,
    );
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ["app.ts"] }),
    );
    const typecheck = run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], project);
    expect({ code: typecheck.code, stdout: typecheck.stdout }).toEqual({ code: 0, stdout: "" });
    // As `cdktf init --template typescript` sets TypeScript up: CommonJS, so Node 10 resolution, which reads no
    // `exports`; 'scopegate/policies' resolves through `typesVersions`.
    const template = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    fs.writeFileSync(path.join(project, "tsconfig.cdktf-init.json"), JSON.stringify({ compilerOptions: { ...template.compilerOptions, incremental: false, noEmit: true, skipLibCheck: false, types: [] }, files: ["app.ts"] }));
    const typecheckTemplate = run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cdktf-init.json"], project);
    expect({ code: typecheckTemplate.code, stdout: typecheckTemplate.stdout }).toEqual({ code: 0, stdout: "" });
    const synth = run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["app.ts"], project);
    expect({ code: synth.code, stderr: synth.stderr }).toEqual({ code: 0, stderr: "" });
    const prod = JSON.parse(fs.readFileSync(path.join(project, "code-out", "stacks", "acme-prod", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
    expect(Object.keys(prod.resource.genesyscloud_oauth_client).sort()).toEqual(["bot", "widget"]);
    expect(Object.keys(prod.resource.genesyscloud_auth_role)).toEqual(["role_bot_connector"]);
    expect(fs.readFileSync(path.join(project, "policy-report.txt"), "utf8")).toMatch(/no unwaived findings|0 errors|No findings/i);
  }, 180_000);
});
