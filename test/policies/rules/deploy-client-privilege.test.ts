import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import { assessDeployClient, deployRequirements } from "../../../policies/deploy-permissions";
import deployClientPrivilege, { reportAssessment } from "../../../policies/rules/deploy-client-privilege";
import { config, TWO_ORGS } from "../../helpers";

/** A bot connector granted role 'Bot Connector': the role these cases give the deploy client, or not. */
const BOT_CONNECTOR = `bot-connector:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector }]`;
import { testRule } from "../rule-tester";

/** `TWO_ORGS` with a `deployClient:` line (a flow mapping) in one org, right after its credentials. */
function orgsWithDeployClient(deployClient: string, environment: "dev" | "prod" = "prod"): string {
  const credentials = `credentials: { clientIdEnv: ACME_${environment.toUpperCase()}_CLIENT_ID, clientSecretEnv: ACME_${environment.toUpperCase()}_CLIENT_SECRET }\n`;
  if (!TWO_ORGS.includes(credentials)) throw new Error("test setup: credentials line not found");
  return TWO_ORGS.replace(credentials, `${credentials}        deployClient: ${deployClient}\n`);
}

/**
 * Every permission the bot connector's stack needs (the client's calls, its role lookup; the home division and the
 * org need none), held directly: no 'authorization:grant:*' (the provider's credentials are client credentials) and
 * no 'integrations:*' (scopegate sets no integration credential).
 */
const ALL_DIRECT = `["oauth:client:add", "oauth:client:view", "oauth:client:edit", "oauth:client:delete", "authorization:role:view"]`;

/** 'Bot Connector' as a role that already exists in every org (looked up by name), with its permissions declared. */
const EXISTING_BOT_CONNECTOR = `  Bot Connector: { existing: true, permissions: ["textbots:botFlowSession:execute"] }`;

testRule(deployClientPrivilege, {
  valid: [
    { name: "orgs that declare no deploy client", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "a CLIENT-CREDENTIALS stack's deploy client holding the oauth client and role lookup permissions and the role its stack grants, without 'authorization:grant:*' or 'integrations:*'",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ${ALL_DIRECT} }`), top: `roles:\n${EXISTING_BOT_CONNECTOR}` }),
    },
    {
      name: "a deploy client holding the permissions through a declared role, with wildcard segments",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient("{ roles: [Terraform Deployer, Bot Connector] }"),
        top: `roles:\n  Terraform Deployer: { existing: true, permissions: ["oauth:*:*", "authorization:role:view"] }\n${EXISTING_BOT_CONNECTOR}`,
      }),
    },
    {
      name: "a deploy client holding more than needed (the docs' full list for the types)",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ["oauth:client:*", "integrations:integration:*", "authorization:grant:*", "authorization:role:view"] }`) }),
    },
    {
      name: "an undeclared role when everything the stack needs is held without it",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector, Terraform Deployer], permissions: ${ALL_DIRECT} }`) }),
    },
    {
      name: "an empty deploy client in an org whose stack manages no client (the org lookup needs no permission)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]`, orgs: orgsWithDeployClient("{}") }),
    },
    {
      name: "a deploy client of a stack creating a role that holds what managing roles needs",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ["oauth:client:*", "authorization:role:*"] }`),
        top: `roles:\n  Bot Connector: { permissions: ["textbots:botFlowSession:execute"] }`,
      }),
    },
  ],
  invalid: [
    {
      name: "each needed permission the deploy client lacks, with the types and calls that need it",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ["oauth:client:*", "integrations:integration:*"] }`),
        top: `roles:\n  Bot Connector: { existing: true, permissions: ["integrations:bot:view"] }`,
      }),
      findings: [
        {
          messageId: "missingPermission",
          at: "deployClient:",
          environment: "prod",
          severity: "error",
          target: "deploy-client",
          data: { stack: "acme-prod", permission: "authorization:role:view", neededBy: "'data.genesyscloud_auth_role'", calls: "GET /api/v2/authorization/roles" },
        },
      ],
    },
    {
      name: "a permission needed by several types, naming each type and each call",
      yaml: config({
        clients: `${BOT_CONNECTOR}\nreporting:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  roles: [{ role: Analytics Reader }]`,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector, Analytics Reader], permissions: ["oauth:client:*", "authorization:role:add", "authorization:role:edit", "authorization:role:delete"] }`),
        top: `roles:\n  Bot Connector: { permissions: ["textbots:botFlowSession:execute"] }\n  Analytics Reader: { existing: true, permissions: ["analytics:conversationAggregate:view"] }`,
      }),
      findings: [
        {
          messageId: "missingPermission",
          at: "deployClient:",
          data: {
            permission: "authorization:role:view",
            neededBy: "'data.genesyscloud_auth_role' and 'genesyscloud_auth_role'",
            calls: "GET /api/v2/authorization/roles and GET /api/v2/authorization/roles/{roleId}",
          },
        },
      ],
    },
    {
      name: "a permission a declared role lacks, in a nonprod org too",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient("{ roles: [Terraform Deployer, Bot Connector] }", "dev"),
        top: `roles:\n  Terraform Deployer: { existing: true, permissions: ["oauth:client:add", "oauth:client:view", "oauth:client:edit", "authorization:role:view"] }\n${EXISTING_BOT_CONNECTOR}`,
      }),
      findings: [
        {
          messageId: "missingPermission",
          at: "deployClient:",
          environment: "dev",
          severity: "error",
          data: { stack: "acme-dev", permission: "oauth:client:delete", neededBy: "'genesyscloud_oauth_client'", calls: "DELETE /api/v2/oauth/clients/{clientId}" },
        },
      ],
    },
    {
      name: "what managing the roles the stack creates needs, when the deploy client lacks it",
      yaml: config({
        clients: BOT_CONNECTOR,
        orgs: orgsWithDeployClient(`{ roles: [Bot Connector], permissions: ["oauth:client:*", "authorization:role:view"] }`),
        top: `roles:\n  Bot Connector: { permissions: ["textbots:botFlowSession:execute"] }`,
      }),
      findings: [
        { messageId: "missingPermission", at: "deployClient:", data: { permission: "authorization:role:add", neededBy: "'genesyscloud_auth_role'", calls: "POST /api/v2/authorization/roles" } },
        { messageId: "missingPermission", at: "deployClient:", data: { permission: "authorization:role:delete", calls: "DELETE /api/v2/authorization/roles/{roleId}" } },
        { messageId: "missingPermission", at: "deployClient:", data: { permission: "authorization:role:edit", calls: "PUT /api/v2/authorization/roles/{roleId}" } },
      ],
    },
    {
      name: "once, permissions that only roles without declared permissions could hold, naming those roles",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [Bot Connector, Terraform Deployer], permissions: ["oauth:client:*"] }`) }),
      findings: [{ messageId: "unverifiedPermissions", at: "deployClient:", data: { roles: "'Bot Connector' and 'Terraform Deployer'", permissions: "'authorization:role:view'", count: 1 } }],
    },
    {
      name: "once, every permission an empty deploy client's undeclared role might hold, listed",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient("{ roles: [Bot Connector] }") }),
      findings: [
        {
          messageId: "unverifiedPermissions",
          at: "deployClient:",
          target: "deploy-client",
          data: { roles: "'Bot Connector'", permissions: "'authorization:role:view', 'oauth:client:add', 'oauth:client:delete', 'oauth:client:edit' and 'oauth:client:view'", count: 5 },
        },
      ],
    },
    {
      name: "a role the stack grants that the deploy client does not hold, at the client's grant",
      yaml: config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ permissions: ${ALL_DIRECT} }`) }),
      findings: [{ messageId: "unheldRole", at: "roles: [{ role: Bot Connector }]", environment: "prod", target: "oauth-client/bot-connector", data: { client: "bot-connector", role: "Bot Connector", stack: "acme-prod" } }],
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
        ...["authorization:role:view", "oauth:client:add", "oauth:client:delete", "oauth:client:edit", "oauth:client:view"].map((permission) => ({ messageId: "missingPermission", at: "deployClient:", data: { permission } })),
        { messageId: "unheldRole", at: "roles: [{ role: Bot Connector }]" },
      ],
    },
  ],
});

describe("deploy-client-privilege with a call that accepts any of several permissions", () => {
  /**
   * None of the calls the provider makes for scopegate's types lists several permissions today, so this stands in
   * one that does: 'POST /api/v2/oauth/clients' accepting 'oauth:client:add' or 'oauth:client:edit'. These are the
   * rule's reports for a prod deploy client holding `permissions` and `roles` (by default the granted role, existing and
   * declared).
   */
  function reportsFor(permissions: string, roles = "Bot Connector"): { messageId: string; data: Record<string, unknown> }[] {
    const loaded = loadConfigText("case.yaml", config({ clients: BOT_CONNECTOR, orgs: orgsWithDeployClient(`{ roles: [${roles}], permissions: ${permissions} }`), top: `roles:\n${EXISTING_BOT_CONNECTOR}` }));
    if (!loaded.ok) throw new Error("test setup: the case does not load");
    const org = loaded.model.environments.find((environment) => environment.stackName === "acme-prod")!;
    const requirements = deployRequirements(org, loaded.model.roles);
    const widened = {
      ...requirements,
      permissions: requirements.permissions.map((needed) =>
        needed.anyOf.join() === "oauth:client:add" ? { ...needed, name: "oauth:client:add or oauth:client:edit", anyOf: ["oauth:client:add", "oauth:client:edit"] } : needed,
      ),
    };
    if (widened.permissions.every((needed) => needed.anyOf.length === 1)) throw new Error("test setup: no need for 'oauth:client:add'");
    const reports: { messageId: string; data: Record<string, unknown> }[] = [];
    reportAssessment(org, assessDeployClient(org, loaded.model, widened)!, (descriptor) => reports.push({ messageId: descriptor.messageId, data: descriptor.data ?? {} }));
    return reports;
  }

  it("is met by either permission", () => {
    expect(reportsFor(`["oauth:client:view", "oauth:client:delete", "oauth:client:edit", "authorization:role:view"]`)).toEqual([]);
  });

  it("reports the alternatives once when neither is held", () => {
    expect(reportsFor(`["oauth:client:view", "oauth:client:delete", "authorization:role:view"]`)).toEqual([
      {
        messageId: "missingAnyPermission",
        data: { stack: "acme-prod", permissions: "'oauth:client:add' and 'oauth:client:edit'", neededBy: "'genesyscloud_oauth_client'", calls: "POST /api/v2/oauth/clients" },
      },
      // The update call needs 'oauth:client:edit' alone.
      { messageId: "missingPermission", data: { stack: "acme-prod", permission: "oauth:client:edit", neededBy: "'genesyscloud_oauth_client'", calls: "PUT /api/v2/oauth/clients/{clientId}" } },
    ]);
  });

  it("names the alternatives of a need only an undeclared role might hold", () => {
    expect(reportsFor(`["oauth:client:view", "oauth:client:delete", "authorization:role:view"]`, "Bot Connector, Terraform Deployer")).toEqual([
      {
        messageId: "unverifiedPermissions",
        data: { stack: "acme-prod", count: 2, roles: "'Terraform Deployer'", permissions: "one of 'oauth:client:add' or 'oauth:client:edit' and 'oauth:client:edit'" },
      },
    ]);
  });
});
