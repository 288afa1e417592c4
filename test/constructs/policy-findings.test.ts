import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { GenesysCustomRole, GenesysOAuthClient, GenesysOrgStack, modelOfStacks, ScopegatePolicy } from "../../constructs";
import { tempDir } from "../helpers";

/** What the policy gate makes of an app written in code: the model it checks, and where its findings land. */

const THIS_FILE = path.relative(process.cwd(), __filename);

function lineOf(text: string): number {
  return fs.readFileSync(__filename, "utf8").split("\n").findIndex((line) => line.includes(text)) + 1;
}

/** A dev and a prod org, each creating role 'Bot Connector' with its own permissions, granted to a bot connector. */
function twoOrgs(permissions: { readonly dev: readonly string[]; readonly prod: readonly string[] }) {
  const outdir = tempDir();
  const root = new App({ outdir });
  const policy = new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30" });
  Aspects.of(root).add(policy);
  const stacks = (["dev", "prod"] as const).map((environment) => {
    const stack = new GenesysOrgStack(root, { tenant: "acme", environment, orgName: `acme-${environment}`, region: "eu-west-1" });
    const role = new GenesysCustomRole(stack, "BotRole", { name: "Bot Connector", permissions: permissions[environment] }); // role of each org
    new GenesysOAuthClient(stack, "bot", { name: "Acme bot", grantType: "CLIENT-CREDENTIALS", capabilities: ["bot-connector"], roles: [{ role }] });
    return stack;
  });
  return { root, policy, stacks };
}

const BOT = ["integration:botconnector:view", "integration:botconnector:edit"];

describe("the policy gate's model of an app written in code", () => {
  it("never checks one org's clients against another org's role of the same name", () => {
    const { root, policy, stacks } = twoOrgs({ dev: [...BOT, "routing:queue:view"], prod: ["integration:botconnector:view"] });
    const [role] = modelOfStacks(stacks).roles;
    // As a scan reads the same role in two orgs: what both grant, and not all that is known.
    expect(role.permissions.map((permission) => permission.value)).toEqual(["integration:botconnector:view"]);
    expect(role.permissionsIncomplete).toBe(true);
    try {
      root.synth();
    } catch {
      // Whether synth passes is not the point here.
    }
    // Before: prod's role was dev's, so prod's findings named dev's permissions.
    expect(policy.findings.filter((finding) => finding.environment === "prod" && /routing:queue:view/.test(finding.message))).toEqual([]);
  });

  it("checks the role as declared where every org declares it alike", () => {
    const { stacks } = twoOrgs({ dev: BOT, prod: BOT });
    const [role] = modelOfStacks(stacks).roles;
    expect([role.permissions.map((permission) => permission.value), role.permissionsIncomplete]).toEqual([BOT, undefined]);
  });

  it("puts a finding about a role on the role's construct, at the line that created it", () => {
    const { root, policy } = twoOrgs({ dev: [...BOT, "routing:queue:view"], prod: [...BOT, "routing:queue:view"] });
    expect(() => root.synth()).toThrow(/\[acme-prod\/BotRole\] \[scopegate least-privilege\] Role 'Bot Connector' grants 'routing:queue:view'/);
    const finding = policy.findings.find((candidate) => candidate.environment === "prod" && candidate.target === "role/Bot Connector");
    expect([finding?.file, finding?.line]).toEqual([THIS_FILE, lineOf("// role of each org")]);
  });
});

describe("where the policy gate applies", () => {
  /** A dev org whose client lacks a permission its capability needs (an error in every tier), and a clean prod org. */
  function app(options: { readonly testing?: boolean } = {}) {
    const outdir = tempDir();
    const root = options.testing === true ? (Testing.app({ outdir } as never) as App) : new App({ outdir });
    const policy = new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30" });
    const [dev, prod] = (["dev", "prod"] as const).map((environment) => new GenesysOrgStack(root, { tenant: "acme", environment, orgName: `acme-${environment}`, region: "eu-west-1" }));
    const role = new GenesysCustomRole(dev, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    new GenesysOAuthClient(dev, "bot", { name: "Acme bot", grantType: "CLIENT-CREDENTIALS", capabilities: ["bot-connector"], roles: [{ role }] });
    return { root, policy, dev, prod };
  }
  const DEV_ERROR = /\[acme-dev\/bot\] \[scopegate required-scopes\]/;

  it("fails synth on an error in one stack when the policy was added to another stack only", () => {
    const { root, policy, prod } = app();
    Aspects.of(prod).add(policy);
    expect(() => root.synth()).toThrow(DEV_ERROR);
  });

  it("runs under Testing.synth(stack, true) and Testing.fullSynth(stack) when the policy was added to the app", () => {
    const synthed = app({ testing: true });
    Aspects.of(synthed.root).add(synthed.policy);
    expect(() => Testing.synth(synthed.dev, true)).toThrow(DEV_ERROR);
    const full = app({ testing: true });
    Aspects.of(full.root).add(full.policy);
    expect(() => Testing.fullSynth(full.dev)).toThrow(DEV_ERROR);
  });

  it("evaluates the app again when it is synthesized again, so an error added since fails synth, and once", () => {
    const outdir = tempDir();
    const root = new App({ outdir });
    Aspects.of(root).add(new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30" }));
    const prod = new GenesysOrgStack(root, { tenant: "acme", environment: "prod", orgName: "acme", region: "eu-west-1" });
    root.synth();
    // Before: the policy evaluated the app once, on the first synth, and let every later synth pass.
    const role = new GenesysCustomRole(prod, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    new GenesysOAuthClient(prod, "bot", { name: "Acme bot", grantType: "CLIENT-CREDENTIALS", capabilities: ["bot-connector"], roles: [{ role }] });
    const PROD_ERROR = /\[acme-prod\/bot\] \[scopegate required-scopes\]/g;
    expect(() => root.synth()).toThrow(PROD_ERROR);
    // Evaluated a third time: the finding is given once, not once per evaluation.
    let message = "";
    try {
      root.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.match(PROD_ERROR)).toHaveLength(1);
  });

  it("reports without failing under Testing.synth(stack) without validations, as cdktf does", () => {
    const { root, policy, prod } = app({ testing: true });
    Aspects.of(root).add(policy);
    expect(() => Testing.synth(prod)).not.toThrow();
    expect(policy.findings.map((finding) => [finding.ruleId, finding.environment, finding.severity])).toContainEqual(["required-scopes", "dev", "error"]);
  });
});

describe("the cost of finding the policy gate", () => {
  /** How often synth walks the whole app (`findAll` from the root) for an app of `count` orgs with a policy added to the app. */
  function wholeAppWalks(count: number): number {
    const outdir = tempDir();
    const root = new App({ outdir });
    Aspects.of(root).add(new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30" }));
    for (let i = 0; i < count; i++) new GenesysOrgStack(root, { tenant: `t${i}`, environment: "dev", orgName: `t${i}-dev`, region: "eu-west-1" });
    const findAll = root.node.findAll.bind(root.node);
    let walks = 0;
    root.node.findAll = (...args) => {
      walks++;
      return findAll(...args);
    };
    root.synth();
    return walks;
  }

  it("walks the whole app as often for 6 orgs as for 2 (it walked it twice per stack, quadratic in stacks)", () => {
    expect(wholeAppWalks(6)).toBe(wholeAppWalks(2));
  });
});
