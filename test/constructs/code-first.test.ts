import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { GenesysCustomRole, GenesysDivision, GenesysOAuthClient, GenesysOrgStack, ScopegatePolicy } from "../../constructs";
import { tempDir } from "../helpers";

const THIS_FILE = path.relative(process.cwd(), __filename);

/** A small app written in code: one tenant with a dev and a prod org, a bot connector in each. */
function app(options: { readonly botRolePermissions: readonly string[]; readonly prodGrant: string }) {
  const outdir = tempDir();
  const root = new App({ outdir });
  const policy = new ScopegatePolicy({ format: "json", reportFile: path.join(outdir, "report.json"), today: "2026-11-30" });
  Aspects.of(root).add(policy);
  const sites: Record<string, number> = {};
  for (const environment of ["dev", "prod"]) {
    const stack = new GenesysOrgStack(root, { tenant: "acme", environment, orgName: `acme-${environment}`, region: "eu-west-1" });
    const role = new GenesysCustomRole(stack, "BotRole", { name: "Bot Connector", permissions: options.botRolePermissions });
    sites[environment] = lineOf("new GenesysOAuthClient(stack");
    new GenesysOAuthClient(stack, "bot", {
      name: "Acme bot",
      grantType: "CLIENT-CREDENTIALS",
      capabilities: ["bot-connector"],
      roles: [{ role: environment === "prod" ? options.prodGrant : role, division: GenesysDivision.HOME }],
    });
  }
  return { root, policy, outdir, sites };
}

function lineOf(text: string): number {
  return fs.readFileSync(__filename, "utf8").split("\n").findIndex((line) => line.includes(text)) + 1;
}

describe("the policy gate for stacks written in code", () => {
  it("passes a well-granted app, which synthesizes", () => {
    const { root, policy, outdir } = app({ botRolePermissions: ["integration:botconnector:view", "integration:botconnector:edit"], prodGrant: "Bot Connector" });
    root.synth();
    expect(policy.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    const prod = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "acme-prod", "cdk.tf.json"), "utf8"));
    expect(prod.resource.genesyscloud_oauth_client.bot.roles).toEqual([{ division_id: "${data.genesyscloud_auth_division_home.home.id}", role_id: "${genesyscloud_auth_role.role_bot_connector.id}" }]);
    expect(Object.keys(prod.output)).toContain("bot_client_id");
    expect(prod.data.genesyscloud_organizations_me.org).toBeDefined();
  });

  it("fails synth on a missing permission and a Master Admin grant, naming the construct and the line that made it", () => {
    const { root, policy, outdir, sites } = app({ botRolePermissions: ["integration:botconnector:view"], prodGrant: "Master Admin" });
    expect(() => root.synth()).toThrow(/scopegate/);
    const errors = policy.findings.filter((finding) => finding.severity === "error" && !finding.waived);
    expect(errors.map((finding) => [finding.ruleId, finding.environment, finding.target])).toEqual(
      expect.arrayContaining([
        ["required-scopes", "dev", "oauth-client/bot"],
        ["privileged-role", "prod", "oauth-client/bot"],
      ]),
    );
    for (const finding of errors.filter((candidate) => candidate.target === "oauth-client/bot")) {
      expect([finding.file, finding.line]).toEqual([THIS_FILE, sites[finding.environment ?? ""] + 1]);
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, "report.json"), "utf8")) as { findings: { ruleId: string }[] };
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(["required-scopes", "privileged-role"]));
  });

  it("accepts a waived finding", () => {
    const outdir = tempDir();
    const root = Testing.app({ outdir } as never) as App;
    const policy = new ScopegatePolicy({
      reportFile: path.join(outdir, "report.txt"),
      today: "2026-11-30",
      waivers: [{ rule: "privileged-role", tenant: "acme", environment: "dev", client: "admin", reason: "migration tool, removed in Q1", owner: "platform", expires: "2026-12-31" }],
    });
    Aspects.of(root).add(policy);
    const stack = new GenesysOrgStack(root, { tenant: "acme", environment: "dev", orgName: "acme-dev", region: "eu-west-1" });
    new GenesysOAuthClient(stack, "admin", { name: "Migration", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "Master Admin" }] });
    root.synth();
    expect(policy.findings.filter((finding) => finding.ruleId === "privileged-role").map((finding) => finding.waived)).toEqual([true]);
  });

  it("applies tiers as in YAML: a rule turned off in nonprod reports nothing there, and still fails prod", () => {
    const outdir = tempDir();
    const root = new App({ outdir });
    const policy = new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30", tiers: { nonprod: { rules: { "privileged-role": "off" } } } });
    Aspects.of(root).add(policy);
    for (const environment of ["dev", "prod"]) {
      const stack = new GenesysOrgStack(root, { tenant: "acme", environment, orgName: `acme-${environment}`, region: "eu-west-1" });
      new GenesysOAuthClient(stack, "admin", { name: "Migration", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "Master Admin" }] });
    }
    expect(() => root.synth()).toThrow(/scopegate/);
    expect(policy.findings.filter((finding) => finding.ruleId === "privileged-role").map((finding) => finding.environment)).toEqual(["prod"]);
  });
});
