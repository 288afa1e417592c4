import * as path from "node:path";
import { App } from "cdktf";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import { addStacks } from "../../constructs/app";


/** Synthesizes the single stack of a one-org configuration and returns its JSON. */
function synthOne(orgYaml: string, clientsYaml = ""): Record<string, any> {
  const text = `version: 1
tenants:
  acme:
    orgs:
      dev:
        tier: nonprod
        region: eu-central-1
        orgName: acme-dev
        credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }
${orgYaml}
    oauthClients:
      widget:
        grant: CODE
        scopes: [messaging]
        redirectUris: [https://chat.example.com/cb]
${clientsYaml}`;
  const result = loadConfigText("inline.yaml", text);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
  const [stack] = addStacks(app, result.model, { outdir: "/work/out", configDir: "/work/config" });
  return stack.toTerraform();
}

describe("stack options", () => {
  it("uses S3 lock files when an s3 backend names no DynamoDB table, and the default key prefix", () => {
    const stack = synthOne("        backend: { type: s3, bucket: state-bucket, region: eu-central-1 }");
    expect(stack.terraform.backend.s3).toEqual({ bucket: "state-bucket", key: "scopegate/acme-dev.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true });
  });

  it("joins an s3 key prefix and the stack name with exactly one slash", () => {
    const stack = synthOne("        backend: { type: s3, bucket: b, region: eu-central-1, keyPrefix: /genesys/states/ }");
    expect(stack.terraform.backend.s3.key).toBe("genesys/states/acme-dev.tfstate");
  });

  it("resolves a local backend path relative to the configuration file", () => {
    const stack = synthOne("        backend: { type: local, path: states/dev.tfstate }");
    const statePath = path.resolve("/work/out/stacks/acme-dev", stack.terraform.backend.local.path);
    expect(statePath).toBe("/work/config/states/dev.tfstate");
  });

  it("names a remote workspace '<prefix><tenant>-<env>' on app.terraform.io by default", () => {
    const stack = synthOne("        backend: { type: remote, organization: acme-platform }");
    expect(stack.terraform.backend.remote).toEqual({ hostname: "app.terraform.io", organization: "acme-platform", workspaces: { name: "scopegate-acme-dev" } });
  });

  it("grants all divisions with '*', exposes the secret only when asked, and describes the client by default", () => {
    const stack = synthOne(
      "",
      `      exporter:
        grant: CLIENT-CREDENTIALS
        roles: [{ role: Reader, division: "*" }, { role: Reader, division: Sales }, { role: reader }]
        exposeSecret: true
        state: inactive
`,
    );
    const exporter = stack.resource.genesyscloud_oauth_client.exporter;
    expect(exporter.roles).toEqual([
      { role_id: "${data.genesyscloud_auth_role.role_reader.id}", division_id: "*" },
      { role_id: "${data.genesyscloud_auth_role.role_reader.id}", division_id: "${data.genesyscloud_auth_division.division_sales.id}" },
      { role_id: "${data.genesyscloud_auth_role.role_reader_2.id}", division_id: "${data.genesyscloud_auth_division_home.home.id}" },
    ]);
    expect(Object.keys(stack.data.genesyscloud_auth_role)).toEqual(["role_reader", "role_reader_2"]);
    expect(exporter.expose_client_secret).toBe(true);
    expect(exporter.state).toBe("inactive");
    expect(exporter.scopes).toBeUndefined();
    const widget = stack.resource.genesyscloud_oauth_client.widget;
    expect(widget.description).toBe("Managed by scopegate (tenant acme, environment dev).");
    expect(widget.roles).toBeUndefined();
    expect(widget.access_token_validity_seconds).toBeUndefined();
  });

  it("escapes an org name so that it can never open a Terraform interpolation", () => {
    const text = synthOne("").data.genesyscloud_organizations_me.org.lifecycle.postcondition[0];
    expect(text.condition).toBe('${contains([self.name, self.third_party_org_name], "acme-dev")}');
    const result = loadConfigText(
      "inline.yaml",
      `version: 1
tenants:
  acme:
    orgs:
      dev: { tier: nonprod, region: eu-west-1, orgName: "evil\${var.x}", credentials: { clientIdEnv: A_ID, clientSecretEnv: A_SECRET } }
`,
    );
    if (!result.ok) throw new Error("fixture should load");
    const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
    const [stack] = addStacks(app, result.model, { outdir: "/work/out", configDir: "/work/config" });
    const json = stack.toTerraform();
    const postcondition = json.data.genesyscloud_organizations_me.org.lifecycle.postcondition[0];
    expect(postcondition.condition).toBe('${contains([self.name, self.third_party_org_name], "evil$${var.x}")}');
    expect(postcondition.error_message).toContain("org evil$${var.x}, but");
    expect(json.output.org_id.precondition[0].condition).toContain('"evil$${var.x}"');
  });
});

describe("declared text stays literal text in Terraform", () => {
  it("escapes interpolation in bindings, names, descriptions, scopes, redirect URIs and lookups", () => {
    const stack = synthOne(
      '        bindings: { leak: "${nonsensitive(var.ACME_DEV_CLIENT_SECRET)}", tmpl: "%{ if true }x%{ endif }" }',
      `      odd:
        name: "odd \${var.x}"
        description: "uses %{ if true }"
        grant: CLIENT-CREDENTIALS
        scopes: ["\${a}"]
        redirectUris: ["https://x.example/\${b}"]
        roles: [{ role: "R \${c}", division: "D %{d}" }]
`,
    );
    expect(stack.output.leak.value).toBe("$${nonsensitive(var.ACME_DEV_CLIENT_SECRET)}");
    expect(stack.output.tmpl.value).toBe("%%{ if true }x%%{ endif }");
    const odd = stack.resource.genesyscloud_oauth_client.odd;
    expect(odd.name).toBe("odd $${var.x}");
    expect(odd.description).toBe("uses %%{ if true }");
    expect(odd.scopes).toEqual(["$${a}"]);
    expect(odd.registered_redirect_uris).toEqual(["https://x.example/$${b}"]);
    expect(Object.values(stack.data.genesyscloud_auth_role).map((r: any) => r.name)).toEqual(["R $${c}"]);
    expect(Object.values(stack.data.genesyscloud_auth_division).map((d: any) => d.name)).toEqual(["D %%{d}"]);
  });

  it("gives clients and lookups whose names differ only in punctuation construct ids of their own", () => {
    const stack = synthOne(
      "",
      `      a1b: { grant: CLIENT-CREDENTIALS, roles: [{ role: Tier 1 Agent }] }
      a-1b: { grant: CLIENT-CREDENTIALS, roles: [{ role: Tier1 Agent }, { role: tier-1-agent }] }
`,
    );
    expect(Object.keys(stack.resource.genesyscloud_oauth_client).sort()).toEqual(["a-1b", "a1b", "widget"]);
    expect(Object.keys(stack.data.genesyscloud_auth_role).sort()).toEqual(["role_tier1_agent", "role_tier_1_agent", "role_tier_1_agent_2"]);
  });
});

describe("where the YAML app's constructs are located", () => {
  it("at their declarations in the configuration, not at the code that called addStacks (no stack traces are taken)", () => {
    const text = `version: 1
roles:
  Bot Connector Integration:
    permissions: [integration:botconnector:view]
tenants:
  acme:
    orgs:
      dev:
        tier: nonprod
        region: eu-central-1
        orgName: acme-dev
        credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }
    oauthClients:
      bot:
        grant: CLIENT-CREDENTIALS
        capabilities: [bot-connector]
        roles: [{ role: Bot Connector Integration }]
`;
    const result = loadConfigText("inline.yaml", text);
    if (!result.ok) throw new Error(result.problems[0].message);
    const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
    const [stack] = addStacks(app, result.model, { outdir: "/work/out", configDir: "/work/config" });
    const [org] = result.model.environments;
    expect(stack.declaredAt).toEqual(org.loc);
    expect(stack.oauthClients.map((client) => client.model.loc)).toEqual([org.oauthClients[0].loc]);
    expect(stack.customRoles.map((role) => role.model.loc)).toEqual([result.model.roles[0].loc]);
    expect(stack.declaredAt.file).toBe("inline.yaml");
  });
});
