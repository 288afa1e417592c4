import { describe, expect, it } from "vitest";
import { evaluateWithSkips } from "../../../policies/engine";
import secretExposure from "../../../policies/rules/secret-exposure";
import type { TfModule } from "../../../model/terraform";
import { blocksOfJsonFile } from "../../../terraform/json-configuration";
import { modelOfTerraform } from "../../../terraform/to-model";
import { BOT_CONNECTOR, config } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";

const waiveAll = `policy:\n  waivers:\n    - { rule: secret-exposure, tenant: acme, reason: the legacy CRM reads the secret from state, owner: crm-team, expires: 2099-12-31 }`;

testRule(secretExposure, {
  valid: [
    { name: "secrets neither exposed nor written anywhere", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "an exposed secret in a nonprod org", yaml: config({ clients: BOT_CONNECTOR + "\n  environments:\n    dev: { exposeSecret: true, secretDirectory: ./secrets }" }) },
    {
      name: "a credentials variable two orgs share (env-isolation reports it, once)",
      yaml: config({ clients: BOT_CONNECTOR }).replace("clientIdEnv: ACME_PROD_CLIENT_ID", "clientIdEnv: ACME_DEV_CLIENT_ID"),
      skipped: [],
    },
    {
      name: "a scanned prod client whose 'expose_client_secret' is computed, with a note",
      yaml: config({ clients: BOT_CONNECTOR }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["exposeSecret"] as const) })),
      skipped: ["OAuth clients whose 'expose_client_secret' is computed (not literal) were not checked for a secret in state."],
    },
  ],
  invalid: [
    {
      name: "an exposed secret in prod, which no waiver can accept",
      yaml: config({ clients: BOT_CONNECTOR + "\n  exposeSecret: true", top: waiveAll }),
      findings: [{ messageId: "exposedInState", at: "exposeSecret: true", environment: "prod", severity: "error", waived: false }],
    },
    {
      name: "a secret directory in prod",
      yaml: config({ clients: BOT_CONNECTOR + "\n  environments:\n    prod: { secretDirectory: /var/secrets }" }),
      findings: [{ messageId: "secretDirectory", at: "secretDirectory: /var/secrets", data: { directory: "/var/secrets" } }],
    },
  ],
});

describe("secret-exposure on scanned Terraform", () => {
  /** The rule's findings on one Terraform JSON module (with `variableValues` as a variables file would set them). */
  async function findingsOf(configuration: unknown, variableValues?: Record<string, string>) {
    const text = JSON.stringify(configuration, null, 2);
    const { blocks } = await blocksOfJsonFile("main.tf.json", text);
    const values = new Map(Object.entries(variableValues ?? {}).map(([name, value]) => [name, { kind: "literal" as const, value, loc: { file: "terraform.tfvars", line: 1, column: 1 } }]));
    const module: TfModule = { label: "org", format: "json", files: ["main.tf.json"], blocks, ...(values.size > 0 ? { variableValues: values } : {}) };
    const { model } = modelOfTerraform({ modules: [module], plans: [] }, { source: "org", cwd: "/" });
    return evaluateWithSkips(model, { today: "2026-11-21", rules: [secretExposure] }).findings.map((finding) => ({ messageId: finding.messageId, line: finding.line, data: finding.data }));
  }

  const provider = (attributes: Record<string, string>) => ({ provider: { genesyscloud: [{ aws_region: "eu-west-1", ...attributes }] } });
  const secretVariable = (defaultValue?: string) => ({ variable: { client_secret: { type: "string", sensitive: true, ...(defaultValue === undefined ? {} : { default: defaultValue }) } } });

  it("reports a literal credential of the provider, and a variable's committed value where it is written", async () => {
    expect(await findingsOf(provider({ access_token: "tok-AbCdEf0123456789" }))).toEqual([
      { messageId: "literalCredential", line: 6, data: { attribute: "'access_token' of provider 'genesyscloud'", instead: "the environment variable GENESYSCLOUD_ACCESS_TOKEN" } },
    ]);
    expect(await findingsOf({ ...secretVariable("s3cr3t-value"), ...provider({ oauthclient_secret: "${var.client_secret}" }) })).toEqual([
      { messageId: "credentialInVariable", line: 6, data: expect.objectContaining({ variable: "client_secret", setIn: "its default" }) },
    ]);
    expect(await findingsOf({ ...secretVariable(), ...provider({ oauthclient_secret: "${var.client_secret}" }) }, { client_secret: "s3cr3t-value" })).toEqual([
      { messageId: "credentialInVariable", line: 1, data: expect.objectContaining({ variable: "client_secret", setIn: "terraform.tfvars" }) },
    ]);
  });

  it("is quiet on placeholders, a variable without a value, and integration fields that are not secrets", async () => {
    expect(await findingsOf(provider({ oauthclient_id: "", oauthclient_secret: "<client-secret>", access_token: "CHANGEME" }))).toEqual([]);
    expect(await findingsOf({ ...secretVariable(), ...provider({ oauthclient_secret: "${var.client_secret}" }) })).toEqual([]);
    const credential = { resource: { genesyscloud_integration_credential: { crm: { name: "CRM", credential_type_name: "basicAuth", fields: { userName: "crm-sync", loginUrl: "https://crm.example.com" } } } } };
    expect(await findingsOf(credential)).toEqual([]);
  });
});
