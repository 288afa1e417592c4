import * as path from "node:path";
import { App, Aspects } from "cdktf";
import { describe, expect, it } from "vitest";
import { GenesysCustomRole, GenesysOAuthClient, GenesysOrgStack, ScopegatePolicy } from "../../constructs";
import { codeWording } from "../../constructs/code-wording";
import { RULES } from "../../policies/registry";
import { tempDir } from "../helpers";

/**
 * An app written in code has no scopegate.yaml: the policy gate's messages tell its user what to change in the
 * constructs, never "under 'roles:'" or "scopegate promote" (which edits a scopegate.yaml).
 */

/** Advice that only makes sense for a scopegate.yaml: a YAML key, a 'policy.' path, the promote command. */
const YAML_ADVICE = /'[A-Za-z.]+:'|under '[a-z]|'policy\.|scopes: \{|scopegate promote|'exposeSecret|--config/;

/** Rules that never report on an app in code: they read scanned Terraform or plans, or a deploy client it cannot declare. */
const NOT_FOR_CODE = new Set(["deploy-client-privilege", ...RULES.filter((rule) => (rule.needs ?? []).some((need) => need === "terraform" || need === "plan")).map((rule) => rule.id)]);

describe("the policy gate's wording for apps written in code", () => {
  const templates = RULES.filter((rule) => !NOT_FOR_CODE.has(rule.id)).flatMap((rule) => Object.entries(rule.messages).map(([id, template]) => [`${rule.id}/${id}`, template] as const));

  it.each(templates)("%s gives advice about constructs, not a scopegate.yaml", (_, template) => {
    // The YAML form of 'redirect-uris' names URI schemes ('https:'), which are not YAML keys.
    expect(codeWording(template).replace(/'(https?|com\.example\.app):'/g, "")).not.toMatch(YAML_ADVICE);
  });

  it("says where the fix goes for a role created in code, in the finding and in the report", () => {
    const outdir = tempDir();
    const root = new App({ outdir });
    const policy = new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30", knownScopes: ["acme:custom"] });
    Aspects.of(root).add(policy);
    const dev = new GenesysOrgStack(root, { tenant: "acme", environment: "dev", orgName: "acme-dev", region: "eu-west-1" });
    const role = new GenesysCustomRole(dev, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    new GenesysOAuthClient(dev, "bot", { name: "Acme bot", grantType: "CLIENT-CREDENTIALS", capabilities: ["bot-connector"], roles: [{ role }] });
    new GenesysOAuthClient(dev, "admin", { name: "Admin", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "Master Admin" }] });
    new GenesysOAuthClient(dev, "widget", { name: "Widget", grantType: "CODE", capabilities: ["web-messaging"], scopes: ["messaging", "acme:custom"], redirectUris: ["https://acme.example.com/cb"] });
    expect(() => root.synth()).toThrow(/Add it to the permissions of role 'Bot Connector' in its GenesysCustomRole\./);
    const messages = policy.findings.map((finding) => finding.message);
    expect(messages).toContainEqual(expect.stringContaining("expected a custom role with only the permissions the integration's operations need, created as a GenesysCustomRole."));
    expect(messages).toContainEqual(expect.stringContaining("add 'capabilities' with a built-in profile."));
    expect(messages.filter((message) => YAML_ADVICE.test(message))).toEqual([]);
    // A scope the policy knows is not reported as unknown.
    expect(policy.findings.filter((finding) => finding.ruleId === "known-scopes")).toEqual([]);
  });
});
