import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects } from "cdktf";
import { afterEach, describe, expect, it } from "vitest";
import { GenesysOAuthClient, GenesysOrgStack, ScopegatePolicy } from "../../constructs";
import type { ScopegatePolicyProps } from "../../constructs";
import { DEFAULT_MAX_TOKEN_VALIDITY } from "../../policies/engine";
import { tempDir } from "../helpers";

/**
 * The policy's own settings are the `policy:` section of a scopegate.yaml written in code: what the configuration
 * rejects (a severity that silences findings no waiver may accept, unknown rules, incomplete waivers, waivers of
 * clients that do not exist, capabilities without a profile, a report format that does not exist), the policy
 * rejects too, instead of running with it.
 */

const THIS_FILE = path.relative(process.cwd(), __filename);
const WAIVER = { rule: "privileged-role", tenant: "acme", environment: "dev", client: "admin", reason: "migration tool, removed in Q1", owner: "platform", expires: "2026-12-31" };

/** A prod org whose client holds Master Admin, checked by a policy of `props`. */
function appWith(props: ScopegatePolicyProps, options: { readonly environment?: string; readonly capabilities?: readonly string[] } = {}) {
  const outdir = tempDir();
  const root = new App({ outdir });
  const policy = new ScopegatePolicy({ reportFile: path.join(outdir, "report.txt"), today: "2026-11-30", ...props });
  Aspects.of(root).add(policy);
  const environment = options.environment ?? "prod";
  const stack = new GenesysOrgStack(root, { tenant: "acme", environment, orgName: `acme-${environment}`, region: "eu-west-1" });
  new GenesysOAuthClient(stack, "admin", { name: "Migration", grantType: "CLIENT-CREDENTIALS", capabilities: options.capabilities ?? ["bot-connector"], roles: [{ role: "Master Admin" }] });
  return { root, policy, outdir };
}

const savedFormat = process.env.SCOPEGATE_FORMAT;
afterEach(() => {
  if (savedFormat === undefined) delete process.env.SCOPEGATE_FORMAT;
  else process.env.SCOPEGATE_FORMAT = savedFormat;
});

describe("ScopegatePolicy settings", () => {
  it.each(["off", "warning", "info"] as const)("refuses to set privileged-role to %s in prod, which no waiver may accept there", (severity) => {
    expect(() => new ScopegatePolicy({ tiers: { prod: { rules: { "privileged-role": severity } } } })).toThrow(
      `tiers.prod.rules['privileged-role']: Rule 'privileged-role' cannot be lowered to '${severity}' in prod`,
    );
  });

  it("so a Master Admin grant in prod still fails synth however the prod tier is set", () => {
    const { root } = appWith({ tiers: { nonprod: { rules: { "privileged-role": "off" } } } });
    expect(() => root.synth()).toThrow(/privileged-role/);
  });

  it("accepts lowering privileged-role in nonprod", () => {
    const { root, policy } = appWith({ tiers: { nonprod: { rules: { "privileged-role": "off" } } } }, { environment: "dev" });
    root.synth();
    expect(policy.findings.filter((finding) => finding.ruleId === "privileged-role")).toEqual([]);
  });

  it("names unknown rules, severities and token lifetimes", () => {
    expect(() => new ScopegatePolicy({ tiers: { nonprod: { rules: { "least-privlege": "off" } } } })).toThrow(/'least-privlege' is not a scopegate rule.*Did you mean 'least-privilege'/);
    expect(() => new ScopegatePolicy({ tiers: { nonprod: { rules: { "least-privilege": "fatal" as never } } } })).toThrow(/'fatal' is not a severity/);
    expect(() => new ScopegatePolicy({ tiers: { prod: { maxTokenValiditySeconds: 10 } } })).toThrow(/tiers.prod.maxTokenValiditySeconds: 10 is not a token lifetime/);
  });

  it("rejects a waiver that the configuration would reject: unknown rule, blank reason or owner, no date", () => {
    const error = (() => {
      try {
        new ScopegatePolicy({ waivers: [{ ...WAIVER, rule: "privileged-rol", reason: "x", owner: " ", expires: "2026-02-30" }] });
      } catch (caught) {
        return String(caught);
      }
      return "";
    })();
    expect(error).toContain("waivers[0].rule: Waiver names rule 'privileged-rol', which is not a scopegate rule");
    expect(error).toContain("waivers[0].reason: Waiver reason is mostly blank");
    expect(error).toContain("waivers[0].expires: Waiver expiry '2026-02-30' is not a date");
    expect(error).toContain("waivers[0].owner: is blank");
  });

  it("rejects, at synth, a waiver of a tenant, environment or client the app does not have", () => {
    expect(() => appWith({ waivers: [{ ...WAIVER, environment: "prod", client: "admn" }] }).root.synth()).toThrow(/waivers\[0\].client: names OAuth client 'admn'.*Did you mean 'admin'/);
    expect(() => appWith({ waivers: [{ ...WAIVER, environment: "prd" }] }).root.synth()).toThrow(/waivers\[0\].environment: names environment 'prd'/);
    expect(() => appWith({ waivers: [{ ...WAIVER, tenant: "acne" }] }).root.synth()).toThrow(/waivers\[0\].tenant: names tenant 'acne', which no GenesysOrgStack/);
  });

  it("locates findings about its waivers at the code that created the policy, not at a made-up file", () => {
    const { root, policy } = appWith({ waivers: [{ ...WAIVER, environment: "prod", rule: "least-privilege" }] }, { environment: "prod" });
    expect(() => root.synth()).toThrow();
    const unused = policy.findings.find((finding) => finding.ruleId === "unused-waiver");
    expect(unused?.file).toBe(THIS_FILE);
  });

  it("rejects, at synth, a capability no profile describes, which would turn the client's checks off", () => {
    expect(() => appWith({}, { capabilities: ["bot-conector"] }).root.synth()).toThrow(/acme-prod\/admin: capability 'bot-conector' has no profile.*Did you mean 'bot-connector'/);
  });

  it("refuses a report format that does not exist, from the prop or SCOPEGATE_FORMAT, instead of writing text", () => {
    expect(() => new ScopegatePolicy({ format: "sarif2" as never })).toThrow(/format 'sarif2' is not a report format/);
    process.env.SCOPEGATE_FORMAT = "SARIF";
    expect(() => appWith({}, { environment: "dev" }).root.synth()).toThrow(/SCOPEGATE_FORMAT 'SARIF' is not a report format/);
    process.env.SCOPEGATE_FORMAT = "sarif";
    const { root, outdir } = appWith({}, { environment: "dev" });
    root.synth();
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "report.txt"), "utf8")).version).toBe("2.1.0");
  });
});

describe("ScopegatePolicy's documented defaults", () => {
  it("documents the tiers' token lifetime maximum the engine applies", () => {
    const source = fs.readFileSync(path.join(__dirname, "..", "..", "constructs", "scopegate-policy.ts"), "utf8");
    const [, prod, nonprod] = /@default - (\d+) in prod, (\d+) in nonprod \*\/\s*\n\s*readonly maxTokenValiditySeconds/.exec(source) ?? [];
    expect({ prod: Number(prod), nonprod: Number(nonprod) }).toEqual(DEFAULT_MAX_TOKEN_VALIDITY);
  });
});
