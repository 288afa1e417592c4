import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects } from "cdktf";
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
