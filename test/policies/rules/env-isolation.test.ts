import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { ScopegateModel } from "../../../model/model";
import envIsolation from "../../../policies/rules/env-isolation";
import { BOT_CONNECTOR, config, orgsYaml, TWO_ORGS } from "../../helpers";
import { findingsOf, testRule } from "../rule-tester";

/** `TWO_ORGS` (dev nonprod in eu-west-1, prod in eu-west-2) with a line added after an org's `orgName`. */
function orgs(add: { readonly dev?: string; readonly prod?: string }): string {
  let text = TWO_ORGS;
  if (add.dev !== undefined) text = text.replace("        orgName: acme-dev\n", `        orgName: acme-dev\n        ${add.dev}\n`);
  if (add.prod !== undefined) text = text.replace("        orgName: acme\n", `        orgName: acme\n        ${add.prod}\n`);
  return text;
}

/** A configuration of tenant `acme` (orgs as given) and, declared before it, tenant `globex` with the given orgs block. */
function withGlobex(globexOrgs: string, acmeOrgs = TWO_ORGS): string {
  return config({ clients: BOT_CONNECTOR, orgs: acmeOrgs }).replace("tenants:\n", `tenants:\n  globex:\n${globexOrgs}`);
}

/** Tenant globex's prod org, in eu-west-1 like acme's dev org; `extra` is added after its credentials. */
const globexProd = (extra = "") => `    orgs:
      prod:
        tier: prod
        region: eu-west-1
        orgName: globex
        credentials: { clientIdEnv: GLOBEX_PROD_CLIENT_ID, clientSecretEnv: GLOBEX_PROD_CLIENT_SECRET }
${extra}`;

/** A waiver of env-isolation for tenant acme, in every environment or one. */
function waiver(environment?: string): string {
  const where = environment === undefined ? "" : ` environment: ${environment},`;
  return `policy:\n  waivers:\n    - { rule: env-isolation, tenant: acme,${where} reason: the test org is being split from dev this quarter, owner: cx-platform, expires: 2099-12-31 }`;
}

/** The model with every org's backend marked unknown, as a scan leaves a backend it could not read. */
const backendsUnknown = (model: ScopegateModel): ScopegateModel => ({ ...model, environments: model.environments.map((org) => ({ ...org, unknown: new Set(["backend" as const]) })) });

const sameCredentials = (yaml: string) => yaml.replace("clientIdEnv: ACME_PROD_CLIENT_ID", "clientIdEnv: ACME_DEV_CLIENT_ID");

testRule(envIsolation, {
  valid: [
    { name: "orgs with their own credentials, state, org and a prod region no nonprod org uses", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "orgs keeping their state in one S3 bucket and one HCP Terraform organization (keys and workspaces differ by stack)",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgs({ dev: "backend: { type: s3, bucket: acme-state, region: eu-west-1 }", prod: "backend: { type: s3, bucket: acme-state, region: eu-west-1 }" }),
      }),
    },
    {
      name: "orgs in one HCP Terraform organization with the same workspace prefix",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgs({ dev: "backend: { type: remote, organization: acme-platform }", prod: "backend: { type: remote, organization: acme-platform }" }),
      }),
    },
    { name: "a prod org in the region of another tenant's nonprod org", yaml: withGlobex(globexProd()) },
    {
      name: "dev, test and prod of one tenant all in one region (a token acts only on its own org, whatever the region)",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsYaml({ prod: { region: "us-east-1" }, dev: { region: "us-east-1" }, test: { region: "us-east-1" } }) }),
    },
    {
      name: "orgs whose backends a scan could not read (their state is not compared)",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgs({ dev: "backend: { type: local, path: shared.tfstate }", prod: "backend: { type: local, path: shared.tfstate }" }) }),
      mutate: backendsUnknown,
    },
    { name: "two prod-tier orgs of one tenant in one region", yaml: config({ clients: BOT_CONNECTOR, orgs: orgsYaml({ prod: { region: "eu-west-1" }, dr: { region: "eu-west-1" } }).replace("tier: nonprod", "tier: prod") }) },
  ],
  invalid: [
    {
      name: "a credentials variable shared by two nonprod orgs, in both, where a waiver accepts it",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), top: waiver() }).replace("clientSecretEnv: ACME_TEST_CLIENT_SECRET", "clientSecretEnv: ACME_DEV_CLIENT_SECRET"),
      findings: [
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID", environment: "dev", waived: true, data: { variable: "ACME_DEV_CLIENT_SECRET", stack: "acme-dev", others: "'acme-test'" } },
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_TEST_CLIENT_ID", environment: "test", waived: true, data: { stack: "acme-test", others: "'acme-dev'" } },
      ],
    },
    {
      name: "a credentials variable a prod org shares, in the prod org too, where no waiver accepts it",
      yaml: sameCredentials(config({ clients: BOT_CONNECTOR, top: waiver() })),
      findings: [
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET", environment: "dev", waived: true },
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET", environment: "prod", severity: "error", waived: false },
      ],
    },
    {
      name: "a credentials variable shared across tenants, naming every other org",
      yaml: withGlobex(globexProd()).replace("clientSecretEnv: GLOBEX_PROD_CLIENT_SECRET", "clientSecretEnv: ACME_PROD_CLIENT_SECRET"),
      findings: [
        { messageId: "sharedCredentials", at: "clientSecretEnv: ACME_PROD_CLIENT_SECRET }", data: { variable: "ACME_PROD_CLIENT_SECRET", stack: "globex-prod", others: "'acme-prod'" } },
        { messageId: "sharedCredentials", at: "clientIdEnv: ACME_PROD_CLIENT_ID", data: { stack: "acme-prod", others: "'globex-prod'" } },
      ],
    },
    {
      name: "one local state file, written two ways (compared once resolved), where no waiver accepts either finding, in nonprod too",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgs({ dev: "backend: { type: local, path: ./state/../shared.tfstate }", prod: "backend: { type: local, path: shared.tfstate }" }),
        top: waiver(),
      }),
      findings: [
        { messageId: "sharedState", at: "path: ./state/../shared.tfstate", environment: "dev", waived: false, data: { location: "local state file 'shared.tfstate'", others: "'acme-prod'" } },
        { messageId: "sharedState", at: "path: shared.tfstate", environment: "prod", waived: false, data: { stack: "acme-prod", others: "'acme-dev'" } },
      ],
    },
    {
      name: "one local state file declared in block style, at each org's 'path' line",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgs({ dev: "backend:\n          type: local\n          path: shared.tfstate", prod: "backend:\n          type: local\n          path: ./shared.tfstate" }),
      }),
      findings: [
        { messageId: "sharedState", at: "path: shared.tfstate", environment: "dev", data: { location: "local state file 'shared.tfstate'", others: "'acme-prod'" } },
        { messageId: "sharedState", at: "path: ./shared.tfstate", environment: "prod", data: { stack: "acme-prod", others: "'acme-dev'" } },
      ],
    },
    {
      name: "an absolute state path that is another org's default state file, at that org's declaration",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgs({ prod: `backend: { type: local, path: ${path.join(process.cwd(), "state", "acme-dev.tfstate")} }` }) }),
      findings: [
        { messageId: "sharedState", at: "      dev:", data: { location: "local state file 'state/acme-dev.tfstate'", stack: "acme-dev", others: "'acme-prod'" } },
        { messageId: "sharedState", at: "backend: { type: local", data: { stack: "acme-prod" } },
      ],
    },
    {
      name: "one HCP Terraform workspace that two tenants' prefixes run into (host names compared without case), at each backend",
      yaml: withGlobex(
        globexProd("        backend: { type: remote, organization: shared-platform, workspacePrefix: tf-ac, hostname: APP.terraform.io }\n"),
        orgs({ prod: "backend: { type: remote, organization: shared-platform, workspacePrefix: tf- }" }),
      ).replace("  globex:\n", "  me:\n"),
      findings: [
        { messageId: "sharedState", at: "workspacePrefix: tf-ac,", environment: "prod", waived: false, data: { stack: "me-prod", location: "workspace 'shared-platform/tf-acme-prod' on 'APP.terraform.io'", others: "'acme-prod'" } },
        { messageId: "sharedState", at: "workspacePrefix: tf- }", data: { stack: "acme-prod", location: "workspace 'shared-platform/tf-acme-prod' on 'app.terraform.io'", others: "'me-prod'" } },
      ],
    },
    {
      name: "two orgs of one Genesys Cloud org name (compared without case), waivable in prod",
      yaml: config({ clients: BOT_CONNECTOR, top: waiver() }).replace("orgName: acme-dev", "orgName: Acme"),
      findings: [
        { messageId: "sharedOrgName", at: "orgName: Acme", environment: "dev", waived: true, data: { orgName: "Acme", stack: "acme-dev", others: "'acme-prod'" } },
        { messageId: "sharedOrgName", at: "orgName: acme", environment: "prod", severity: "error", waived: true, data: { orgName: "acme", stack: "acme-prod", others: "'acme-dev'" } },
      ],
    },
  ],
});

testRule(envIsolation, {
  valid: [],
  invalid: [
    {
      name: "two orgs whose org names differ only by spaces around them (one Genesys Cloud org)",
      yaml: config({ clients: BOT_CONNECTOR }).replace("orgName: acme-dev", `orgName: " acme  "`),
      findings: [
        { messageId: "sharedOrgName", at: `orgName: " acme  "`, environment: "dev", data: { orgName: " acme  ", stack: "acme-dev", others: "'acme-prod'" } },
        { messageId: "sharedOrgName", at: "orgName: acme", environment: "prod", data: { orgName: "acme", stack: "acme-prod", others: "'acme-dev'" } },
      ],
    },
  ],
});

describe("env-isolation findings", () => {
  it("are about the org, not a client (so a waiver naming a client never accepts them)", () => {
    const yaml = sameCredentials(config({ clients: BOT_CONNECTOR, orgs: orgs({ dev: "backend: { type: local, path: shared.tfstate }", prod: "backend: { type: local, path: shared.tfstate }" }) })).replace("orgName: acme-dev", "orgName: acme");
    const { findings } = findingsOf(envIsolation, { name: "everything shared", yaml });
    expect(findings.map((finding) => [finding.messageId, finding.environment, finding.target])).toEqual([
      ["sharedOrgName", "dev", "org"],
      ["sharedState", "dev", "org"],
      ["sharedCredentials", "dev", "org"],
      ["sharedOrgName", "prod", "org"],
      ["sharedState", "prod", "org"],
      ["sharedCredentials", "prod", "org"],
    ]);
  });
});
