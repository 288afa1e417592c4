import deployClientPrivilege from "../../../policies/rules/deploy-client-privilege";
import { BOT_CONNECTOR, config, TWO_ORGS } from "../../helpers";
import { testRule } from "../rule-tester";

/** `TWO_ORGS` with a `deployClient:` line (a flow mapping) in one org, right after its credentials. */
function orgsWithDeployClient(deployClient: string, environment: "dev" | "prod" = "prod"): string {
  const credentials = `credentials: { clientIdEnv: ACME_${environment.toUpperCase()}_CLIENT_ID, clientSecretEnv: ACME_${environment.toUpperCase()}_CLIENT_SECRET }\n`;
  if (!TWO_ORGS.includes(credentials)) throw new Error("test setup: credentials line not found");
  return TWO_ORGS.replace(credentials, `${credentials}        deployClient: ${deployClient}\n`);
}

/** Every permission the bot connector's stack needs (the client, its role lookup, the home division, the org), held directly. */
const ALL_DIRECT = `["oauth:client:*", "integrations:integration:*", "authorization:grant:*", "authorization:role:view"]`;

testRule(deployClientPrivilege, {
  valid: [
    { name: "orgs that declare no deploy client", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "a deploy client holding every needed permission directly and the role its stack grants",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ${ALL_DIRECT} }`) }),
    },
    {
      name: "a deploy client holding the permissions through a declared role, with wildcard segments",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient("{ roles: [Terraform Deployer, Bot Connector] }"),
        top: `roles:\n  Terraform Deployer: { permissions: ["oauth:*:*", "integrations:*", "authorization:grant:*", "authorization:role:view"] }`,
      }),
    },
    {
      name: "an undeclared role when everything the stack needs is held without it",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector, Terraform Deployer], permissions: ${ALL_DIRECT} }`) }),
    },
    {
      name: "an empty deploy client in an org whose stack manages no client (the org lookup needs no permission)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]`, orgs: orgsWithDeployClient("{}") }),
    },
  ],
  invalid: [
    {
      name: "each needed permission the deploy client lacks, with the types that need it",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ["oauth:client:*", "integrations:integration:*"] }`),
        top: `roles:\n  Bot Connector: { permissions: ["integrations:bot:view"] }`,
      }),
      findings: [
        { messageId: "missingPermission", at: "deployClient:", environment: "prod", severity: "error", data: { stack: "acme-prod", permission: "authorization:grant:add", neededBy: "'genesyscloud_oauth_client'" } },
        { messageId: "missingPermission", at: "deployClient:", data: { permission: "authorization:grant:view" } },
        { messageId: "missingPermission", at: "deployClient:", data: { permission: "authorization:role:view", neededBy: "'data.genesyscloud_auth_role'" } },
      ],
    },
    {
      name: "a permission a declared role lacks, in a nonprod org too",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient("{ roles: [Terraform Deployer, Bot Connector] }", "dev"),
        top: `roles:\n  Terraform Deployer: { permissions: ["oauth:*:*", "integrations:*", "authorization:grant:add", "authorization:role:view"] }\n  Bot Connector: { permissions: ["integrations:bot:view"] }`,
      }),
      findings: [{ messageId: "missingPermission", at: "deployClient:", environment: "dev", severity: "error", data: { stack: "acme-dev", permission: "authorization:grant:view" } }],
    },
    {
      name: "once, permissions that only roles without declared permissions could hold, naming those roles",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector, Terraform Deployer], permissions: ["oauth:client:*", "integrations:integration:*", "authorization:grant:*"] }`) }),
      findings: [{ messageId: "unverifiedPermissions", at: "deployClient:", data: { roles: "'Bot Connector' and 'Terraform Deployer'", permissions: "'authorization:role:view'" } }],
    },
    {
      name: "a role the stack grants that the deploy client does not hold, at the client's grant",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ permissions: ${ALL_DIRECT} }`) }),
      findings: [{ messageId: "unheldRole", at: "roles: [{ role: Bot Connector }]", environment: "prod", data: { client: "bot-connector", role: "Bot Connector", stack: "acme-prod" } }],
    },
    {
      name: "a role granted only by a per-environment override, at the override",
      yaml: config({
        clients: `${BOT_CONNECTOR}\n  environments:\n    prod: { roles: [{ role: Bot Connector }, { role: Bot Auditor, division: Support }] }`,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ${ALL_DIRECT} }`),
      }),
      findings: [{ messageId: "unheldRole", at: "prod: { roles:", data: { client: "bot-connector", role: "Bot Auditor" } }],
    },
    {
      name: "everything an empty deploy client lacks: permissions first, at the deploy client, then roles",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient("{}") }),
      findings: [
        ...["authorization:grant:add", "authorization:grant:view", "authorization:role:view", "integrations:integration:add", "integrations:integration:delete", "integrations:integration:edit", "integrations:integration:view", "oauth:client:add", "oauth:client:delete", "oauth:client:edit", "oauth:client:view"].map(
          (permission) => ({ messageId: "missingPermission", at: "deployClient:", data: { permission } }),
        ),
        { messageId: "unheldRole", at: "roles: [{ role: Bot Connector }]" },
      ],
    },
  ],
});
