import { App } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { GenesysCustomRole, GenesysOAuthClient, GenesysOrgStack } from "../../constructs";
import type { GenesysOAuthClientProps, GenesysOrgStackProps } from "../../constructs";

/**
 * Props a cdktf user can type but Terraform or Genesys Cloud would reject only at plan or apply (or, worse, accept):
 * the constructs reject them when they are created, naming the construct and what is expected.
 */

const ORG: GenesysOrgStackProps = { tenant: "acme", environment: "dev", orgName: "acme-dev", region: "eu-west-1" };
const WIDGET: GenesysOAuthClientProps = { name: "Widget", grantType: "CODE", scopes: ["messaging"], redirectUris: ["https://acme.example.com/cb"] };

function stack(props: Partial<GenesysOrgStackProps> = {}, app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false })): GenesysOrgStack {
  return new GenesysOrgStack(app, { ...ORG, ...props });
}

describe("GenesysOAuthClient props", () => {
  it.each(["my bot", "bot.v2", "2bot", "ünïcode"])("rejects id %j, which is no Terraform address or output name", (id) => {
    expect(() => new GenesysOAuthClient(stack(), id, WIDGET)).toThrow(/Terraform address and output name; expected letters, digits/);
  });

  it.each(["bot", "bot-v2", "bot_v2", "_bot", "Bot2"])("accepts id %j", (id) => {
    const org = stack();
    new GenesysOAuthClient(org, id, WIDGET);
    expect(Object.keys(org.toTerraform().resource.genesyscloud_oauth_client)).toEqual([id]);
  });

  it.each([0, -1, 1.5, 11, Number.NaN])("rejects rotation %s, which is no number of copies from 1 to 10", (rotation) => {
    expect(() => new GenesysOAuthClient(stack(), "bot", { ...WIDGET, rotation })).toThrow(/rotation .* expected a whole number from 1 to 10/);
  });

  it("makes one resource per rotation copy for 1 to 10", () => {
    const org = stack();
    new GenesysOAuthClient(org, "bot", { ...WIDGET, rotation: 10 });
    expect(Object.keys(org.toTerraform().resource.genesyscloud_oauth_client)).toHaveLength(10);
  });

  it("rejects a role construct of another stack, whose id would come from another org's state", () => {
    const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
    const dev = stack({ environment: "dev" }, app);
    const prod = stack({ environment: "prod", orgName: "acme-prod" }, app);
    const role = new GenesysCustomRole(dev, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    expect(() => new GenesysOAuthClient(prod, "bot", { name: "Bot", grantType: "CLIENT-CREDENTIALS", roles: [{ role }] })).toThrow(
      "GenesysOAuthClient 'acme-prod/bot' is granted role 'Bot Connector' of stack 'acme-dev'; a client can hold only roles of its own org ('acme-prod')",
    );
  });

  it("grants a role construct of its own stack by the role's id", () => {
    const org = stack();
    const role = new GenesysCustomRole(org, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    new GenesysOAuthClient(org, "bot", { name: "Bot", grantType: "CLIENT-CREDENTIALS", roles: [{ role }] });
    expect(org.toTerraform().resource.genesyscloud_oauth_client.bot.roles[0].role_id).toBe("${genesyscloud_auth_role.role_bot_connector.id}");
  });
});

describe("outputs", () => {
  it("names both owners when two clients would emit one output (bot-a and bot_a; a rotation copy and a client)", () => {
    const org = stack();
    new GenesysOAuthClient(org, "bot-a", WIDGET);
    expect(() => new GenesysOAuthClient(org, "bot_a", WIDGET)).toThrow("Output 'bot_a_client_id' of 'acme-dev', for the output of OAuth client 'bot_a', is already the output of OAuth client 'bot-a'");
    new GenesysOAuthClient(org, "bot", { ...WIDGET, rotation: 2 });
    expect(() => new GenesysOAuthClient(org, "bot_2", WIDGET)).toThrow(/Output 'bot_2_client_id' .* is already the output of OAuth client 'bot'/);
  });

  it("rejects a binding that is no output name, or that takes a built-in output's name", () => {
    expect(() => stack().addBinding("api audience", "x")).toThrow("Binding 'api audience' of 'acme-dev' is not an output name");
    expect(() => stack().addBinding("org_id", "x")).toThrow("Output 'org_id' of 'acme-dev', for binding 'org_id', is already a built-in output");
    const org = stack();
    org.addBinding("apiAudience", "https://api.example.com");
    expect(org.toTerraform().output.apiAudience.value).toBe("https://api.example.com");
  });
});

describe("roles granted by name", () => {
  it("rejects a role created after a client granted it by name, which would have looked it up before it exists", () => {
    const org = stack();
    new GenesysOAuthClient(org, "bot", { name: "Bot", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "Bot Connector" }] });
    expect(() => new GenesysCustomRole(org, "BotRole", { name: "bot connector", permissions: ["integration:botconnector:view"] })).toThrow(
      "GenesysCustomRole 'bot connector' is created in stack 'acme-dev' after a client granted 'Bot Connector' by name",
    );
  });

  it("rejects a grant of the stack's own role by another case, which would be a lookup the policy cannot check", () => {
    const org = stack();
    new GenesysCustomRole(org, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    expect(() => new GenesysOAuthClient(org, "bot", { name: "Bot", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "bot connector" }] })).toThrow(
      "GenesysOAuthClient 'acme-dev/bot' grants role 'bot connector', which stack 'acme-dev' creates as 'Bot Connector'",
    );
  });

  it("gives a client the stack's own role when the role comes first, and looks up roles the stack does not create", () => {
    const org = stack();
    new GenesysCustomRole(org, "BotRole", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    new GenesysOAuthClient(org, "bot", { name: "Bot", grantType: "CLIENT-CREDENTIALS", roles: [{ role: "Bot Connector" }, { role: "Employee" }] });
    expect(org.toTerraform().resource.genesyscloud_oauth_client.bot.roles.map((grant: { role_id: string }) => grant.role_id)).toEqual([
      "${genesyscloud_auth_role.role_bot_connector.id}",
      "${data.genesyscloud_auth_role.role_employee.id}",
    ]);
  });
});

describe("GenesysCustomRole props", () => {
  it("rejects a second role of the same name in one org, case and spaces aside", () => {
    const org = stack();
    new GenesysCustomRole(org, "A", { name: "Bot Connector", permissions: ["integration:botconnector:view"] });
    expect(() => new GenesysCustomRole(org, "B", { name: " bot connector", permissions: ["integration:botconnector:edit"] })).toThrow(
      /has the name of role 'Bot Connector' \(acme-dev\/A\); .* one role of that name per org/,
    );
  });

  it("allows a role of the same name in another org, and names that only share an address", () => {
    const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
    const dev = stack({}, app);
    new GenesysCustomRole(dev, "A", { name: "Bot Role", permissions: ["a:b:c"] });
    new GenesysCustomRole(dev, "B", { name: "bot-role", permissions: ["a:b:c"] });
    new GenesysCustomRole(stack({ environment: "prod", orgName: "acme-prod" }, app), "A", { name: "Bot Role", permissions: ["a:b:c"] });
    expect(Object.keys(dev.toTerraform().resource.genesyscloud_auth_role)).toEqual(["role_bot_role", "role_bot_role_2"]);
  });

  it.each(["Master Admin", "admin", "Employee"])("rejects the name of built-in role %j", (name) => {
    expect(() => new GenesysCustomRole(stack(), "R", { name, permissions: ["a:b:c"] })).toThrow(/has the name of the built-in role/);
  });

  it.each(["nonsense", "a:b", "a:b:c:d", "a::c"])("rejects permission %j, which is not domain:entity:action", (permission) => {
    expect(() => new GenesysCustomRole(stack(), "R", { name: "R", permissions: [permission] })).toThrow(`Permission '${permission}' of GenesysCustomRole 'R' is not 'domain:entity:action'`);
  });
});

describe("GenesysOrgStack props", () => {
  it("rejects default credential names that are no variable names (a tenant starting with a digit)", () => {
    expect(() => stack({ tenant: "1acme" })).toThrow(/credential variable '1ACME_DEV_CLIENT_ID' \(the default, made from the stack name '1acme-dev'; set 'credentials'/);
  });

  it("makes default credential names of tenants and environments with dashes", () => {
    expect(stack({ tenant: "acme-corp", environment: "eu-dev" }).credentials).toEqual({ clientIdEnv: "ACME_CORP_EU_DEV_CLIENT_ID", clientSecretEnv: "ACME_CORP_EU_DEV_CLIENT_SECRET" });
    expect(stack({ tenant: "1acme", credentials: { clientIdEnv: "ONE_ACME_ID", clientSecretEnv: "ONE_ACME_SECRET" } }).credentials.clientIdEnv).toBe("ONE_ACME_ID");
  });

  it("rejects credential names Terraform rejects, and one variable for both", () => {
    expect(() => stack({ credentials: { clientIdEnv: "acme.dev.id", clientSecretEnv: "SECRET" } })).toThrow(/credential variable 'acme.dev.id' is not an environment and Terraform variable name/);
    expect(() => stack({ credentials: { clientIdEnv: "SAME", clientSecretEnv: "SAME" } })).toThrow(/both name 'SAME'; expected two variables/);
  });

  it("rejects a second stack of the same tenant and environment, even in another scope, which would overwrite the first's output", () => {
    const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
    stack({}, app);
    expect(() => new GenesysOrgStack(new Construct(app, "green"), ORG)).toThrow("GenesysOrgStack 'green/acme-dev' (tenant 'acme', environment 'dev') has the stack name of 'acme-dev'");
    expect(() => stack({ tenant: "acme-corp", environment: "dev" }, app)).not.toThrow();
  });

  it("describes its credentials and bindings without sending to 'scopegate deploy' or a configuration, which a stack in code has not", () => {
    const org = stack();
    org.addBinding("apiAudience", "x");
    const json = org.toTerraform();
    expect(json.variable.ACME_DEV_CLIENT_ID.description).toBe("Client id of the OAuth client Terraform deploys acme-dev with. Set TF_VAR_ACME_DEV_CLIENT_ID from ACME_DEV_CLIENT_ID.");
    expect(json.output.apiAudience.description).toBe("Binding 'apiAudience'.");
  });

  it("defaults the tier to prod for prod and production in any case, else nonprod", () => {
    const tiers = ["prod", "production", "Prod", "PRODUCTION", "prd", "preprod", "staging"].map((environment) => stack({ environment }).tier);
    expect(tiers).toEqual(["prod", "prod", "prod", "prod", "nonprod", "nonprod", "nonprod"]);
  });
});
