import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import { evaluateWithSkips } from "../../../policies/engine";
import requiredScopes from "../../../policies/rules/required-scopes";
import { config } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";

const EXPORT_JOBS = "POST /api/v2/analytics/conversations/details/jobs";

/** A CLIENT-CREDENTIALS conversation export granted role 'Export', whose permissions are `permissions`. */
const exportWith = (permissions: string, more = "") =>
  config({
    clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Export }]\n  only: [prod]`,
    top: `roles:\n  Export:\n    permissions: [${permissions}]\n${more}`,
  });

/** A client of a declared profile calling `operations`, with `client` settings. */
const callerOf = (operations: readonly string[], client: string, top = "") =>
  config({
    clients: `caller:\n${client}\n  capabilities: [caller]\n  only: [dev]`,
    top: `profiles:\n  caller:\n    operations:\n${operations.map((operation) => `      - ${operation}`).join("\n")}\n${top}`,
  });

// An ALL operation with two permissions: both are needed.
const ALL_TWO = "GET /api/v2/externalcontacts/contacts/exports";

testRule(requiredScopes, {
  valid: [
    { name: "a conversation export whose role holds analytics:conversationDetail:view (ANY: the first permission)", yaml: exportWith("analytics:conversationDetail:view") },
    { name: "a conversation export whose role holds analytics:agentConversationDetail:view (ANY: the other permission)", yaml: exportWith("analytics:agentConversationDetail:view") },
    { name: "a role holding the permission through a wildcard", yaml: exportWith('"analytics:*:view"') },
    {
      name: "the permission held by one of several declared roles",
      yaml: config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Users }, { role: Export }]`,
        top: "roles:\n  Users:\n    permissions: [directory:user:view]\n  Export:\n    existing: true\n    permissions: [analytics:conversationDetail:view]",
      }),
    },
    {
      name: "an operation that needs no permission (GET /api/v2/users), with any role",
      yaml: callerOf(["GET /api/v2/users"], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Anything }]", "roles:\n  Anything:\n    permissions: [routing:queue:view]"),
    },
    {
      name: "an ALL operation whose role holds each of its permissions",
      yaml: callerOf([ALL_TWO], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Reports }]", "roles:\n  Reports:\n    permissions: [externalContacts:export:view, externalContacts:contact:view]"),
    },
    {
      name: "a CLIENT-CREDENTIALS client whose roles are not declared (a skip note, not a finding)",
      yaml: config({ clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Analytics Reader }]` }),
    },
    {
      name: "a CLIENT-CREDENTIALS client without scopes (Genesys ignores them for that grant)",
      yaml: config({
        clients: `bot:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot }]`,
        top: "roles:\n  Bot:\n    permissions: [integration:botconnector:view, integration:botconnector:edit]",
      }),
    },
    {
      name: "a user-grant client with one of the operation's scopes",
      yaml: callerOf([EXPORT_JOBS], "  grant: CODE\n  scopes: [analytics:readonly]\n  redirectUris: [https://x.acme.example/cb]"),
    },
    {
      name: "a family requirement met by any scope of the family",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging:readonly]\n  redirectUris: [https://chat.acme.example/cb]` }),
    },
    {
      name: "a profile permission held through a declared role",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  roles: [{ role: CRM Sync }]`,
        top: `profiles:\n  crm-sync:\n    permissions: [directory:user:view]\nroles:\n  CRM Sync: { permissions: ["directory:*:view"] }`,
      }),
    },
  ],
  invalid: [
    {
      name: "a conversation export whose role lacks both permissions: one finding for the three operations, naming the role to add one to",
      yaml: exportWith("analytics:userAggregate:view"),
      findings: [
        {
          messageId: "operationNotPermitted",
          at: "capabilities: [conversation-export]",
          severity: "error",
          data: {
            operation: `${EXPORT_JOBS}, GET /api/v2/analytics/conversations/details/jobs/{jobId} and GET /api/v2/analytics/conversations/details/jobs/{jobId}/results`,
            need: "one of the permissions 'analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'",
            roles: "'Export'",
            fix: "one of them to the permissions of role 'Export' under 'roles:'",
          },
        },
      ],
    },
    {
      name: "an ALL operation whose role holds only one of its permissions",
      yaml: callerOf([ALL_TWO], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Reports }]", "roles:\n  Reports:\n    permissions: [externalContacts:export:view]"),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [caller]", data: { operation: ALL_TWO, need: "permission 'externalContacts:contact:view'" } }],
    },
    {
      name: "an ALL operation whose role holds none of its permissions: each is named",
      yaml: callerOf([ALL_TWO], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Reports }]", "roles:\n  Reports:\n    permissions: [routing:queue:view]"),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [caller]", data: { need: "each of the permissions 'externalContacts:export:view', 'externalContacts:contact:view'", fix: "them to the permissions of role 'Reports' under 'roles:'" } }],
    },
    {
      name: "a client whose only declared role is an existing one: the fix is in the org",
      yaml: config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Export }]\n  only: [dev]`,
        top: "roles:\n  Export:\n    existing: true\n    permissions: [analytics:userAggregate:view]",
      }),
      findings: [
        {
          messageId: "operationNotPermitted",
          at: "capabilities: [conversation-export]",
          data: { fix: "a role holding one of them to client 'export' (declare it under 'roles:'), or one of them to one of its existing roles in each org" },
        },
      ],
    },
    {
      name: "a user-grant client without any of the operation's scopes, suggesting the read-only one",
      yaml: callerOf([EXPORT_JOBS], "  grant: CODE\n  scopes: [users:readonly]\n  redirectUris: [https://x.acme.example/cb]"),
      findings: [{ messageId: "operationScopeMissing", at: "capabilities: [caller]", data: { grant: "CODE", operation: EXPORT_JOBS, scopes: "'analytics', 'analytics:readonly'", suggestion: "analytics:readonly" } }],
    },
    {
      name: "a user-grant client without the only scope a write operation accepts",
      yaml: callerOf(["PUT /api/v2/integrations/botconnector/{integrationId}/bots"], "  grant: TOKEN\n  scopes: [textbots:readonly]\n  redirectUris: [https://x.acme.example/cb]"),
      findings: [{ messageId: "operationScopeMissing", at: "capabilities: [caller]", data: { scopes: "'textbots'", suggestion: "textbots" } }],
    },
    {
      name: "a web-messaging client without any messaging scope",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [webdeployments:readonly]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [web-messaging]", data: { pattern: "messaging:*", example: "such as 'messaging:readonly'" } }],
    },
    {
      name: "a user-grant client without a scope its profile requires by name",
      yaml: config({
        clients: `widget:\n  grant: CODE\n  capabilities: [agent-ui]\n  scopes: [users:readonly]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]`,
        top: "profiles:\n  agent-ui:\n    scopes: { require: [conversations], allow: [users:readonly] }",
      }),
      findings: [{ messageId: "missingScope", at: "capabilities: [agent-ui]", data: { scope: "conversations" } }],
    },
    {
      name: "a profile permission none of the client's declared roles grants",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  roles: [{ role: CRM Sync }]\n  only: [prod]`,
        top: `profiles:\n  crm-sync:\n    permissions: [directory:user:view]\nroles:\n  CRM Sync: { permissions: [presence:userPresence:view] }`,
      }),
      findings: [{ messageId: "missingPermission", at: "capabilities: [crm-sync]", data: { permission: "directory:user:view", roles: "'CRM Sync'" } }],
    },
    {
      name: "only the environment whose override drops the needed role",
      yaml: config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Export }]\n  environments:\n    prod: { roles: [{ role: Users }] }`,
        top: "roles:\n  Export:\n    permissions: [analytics:conversationDetail:view]\n  Users:\n    permissions: [directory:user:view]",
      }),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [conversation-export]", environment: "prod", data: { roles: "'Users'" } }],
    },
  ],
});

const UNDECLARED_ROLES =
  "CLIENT-CREDENTIALS clients holding roles whose permissions scopegate does not know (not declared under 'roles:', declared 'existing' without permissions, or scanned with permission policies that are not all literals) were not checked where their other roles fall short. Declare the roles with their permissions to check them.";
/** A CLIENT-CREDENTIALS client of capability `crm-sync` (a declared profile needing permission directory:user:view) holding `roles`. */
const crmSync = (roles: string, declared: string) =>
  config({
    clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  roles: [${roles}]\n  only: [dev]`,
    top: `profiles:\n  crm-sync:\n    permissions: [directory:user:view]\nroles:\n${declared}`,
  });

testRule(requiredScopes, {
  valid: [
    {
      name: "a scanned CLIENT-CREDENTIALS client whose roles are computed, with a note, even where the roles read fall short",
      yaml: exportWith("analytics:userAggregate:view"),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["roles"] as const) })),
      skipped: ["OAuth clients whose roles are computed (not literal, nor a variable's literal value) were not checked."],
    },
    {
      name: "a scanned user-grant client whose scopes are computed, with a note, even where the scopes read fall short",
      yaml: callerOf([EXPORT_JOBS], "  grant: CODE\n  scopes: [users:readonly]\n  redirectUris: [https://x.acme.example/cb]"),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["scopes"] as const) })),
      skipped: ["OAuth clients whose scopes are computed (not literal, nor a variable's literal value) were not checked."],
    },
    {
      name: "a profile permission held by one of two declared roles",
      yaml: crmSync("{ role: Users }, { role: Presence }", "  Users: { permissions: [directory:user:view] }\n  Presence: { permissions: [presence:userPresence:view] }"),
      skipped: [],
    },
    {
      name: "a client holding an undeclared role whose profile's permissions cannot be checked, with a note",
      yaml: config({
        clients: `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [crm-sync]\n  roles: [{ role: CRM Sync }]`,
        top: "profiles:\n  crm-sync:\n    permissions: [directory:user:view]",
      }),
      skipped: [UNDECLARED_ROLES],
    },
    {
      name: "a client holding an undeclared role whose operations need no permission: nothing to note",
      yaml: callerOf(["GET /api/v2/users"], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Anything }]"),
      skipped: [],
    },
    {
      name: "an operation whose documented permission is prose, with a note naming the operation and the grant",
      yaml: callerOf(["GET /api/v2/userrecordings/{recordingId}/transcoding"], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: R }]", "roles:\n  R:\n    permissions: [recording:recording:view]"),
      skipped: [
        "GET /api/v2/userrecordings/{recordingId}/transcoding was not checked for CLIENT-CREDENTIALS clients: its documented permissions are not role permissions (for example 'They are enforced by the backend').",
      ],
    },
  ],
  invalid: [
    {
      name: "an operation two capabilities call, once",
      yaml: config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export, caller]\n  roles: [{ role: Export }]\n  only: [dev]`,
        top: `profiles:\n  caller:\n    operations: ["${EXPORT_JOBS}"]\nroles:\n  Export:\n    permissions: [routing:queue:view]`,
      }),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [conversation-export, caller]", data: { capability: "conversation-export" } }],
    },
    {
      name: "operations lacking different permissions, one finding each (in message order), naming each role the client holds and the one role to add them to",
      yaml: callerOf([EXPORT_JOBS, ALL_TWO], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Reports }, { role: Viewer }]", "roles:\n  Reports:\n    permissions: [externalContacts:export:view]\n  Viewer:\n    existing: true\n    permissions: [routing:queue:view]"),
      findings: [
        { messageId: "operationNotPermitted", at: "capabilities: [caller]", data: { operation: ALL_TWO, need: "permission 'externalContacts:contact:view'", fix: "it to the permissions of role 'Reports' under 'roles:'" } },
        {
          messageId: "operationNotPermitted",
          at: "capabilities: [caller]",
          data: {
            operation: EXPORT_JOBS,
            need: "one of the permissions 'analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'",
            roles: "'Reports', 'Viewer'",
            fix: "one of them to the permissions of role 'Reports' under 'roles:'",
          },
        },
      ],
    },
    {
      name: "an operation none of two created roles permits, naming both as where to add it",
      yaml: callerOf([ALL_TWO], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: Reports }, { role: Queues }]", "roles:\n  Reports:\n    permissions: [externalContacts:export:view]\n  Queues:\n    permissions: [routing:queue:view]"),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [caller]", data: { roles: "'Reports', 'Queues'", fix: "it to one of its roles under 'roles:' ('Reports', 'Queues')" } }],
    },
    {
      name: "in scanned Terraform, the role's genesyscloud_auth_role as where to add the permission",
      yaml: exportWith("analytics:userAggregate:view"),
      mutate: (model) => ({ ...model, terraform: { modules: [], plans: [] } }),
      findings: [{ messageId: "operationNotPermitted", at: "capabilities: [conversation-export]", data: { fix: "one of them to the permissions of role 'Export' in its genesyscloud_auth_role" } }],
    },
    {
      name: "operations of a user-grant client lacking different scopes, one finding each (in message order)",
      yaml: callerOf([EXPORT_JOBS, "GET /api/v2/users"], "  grant: CODE\n  scopes: [presence:readonly]\n  redirectUris: [https://x.acme.example/cb]"),
      findings: [
        { messageId: "operationScopeMissing", at: "capabilities: [caller]", data: { operation: "GET /api/v2/users", scopes: "'users', 'users:readonly'" } },
        { messageId: "operationScopeMissing", at: "capabilities: [caller]", data: { operation: EXPORT_JOBS, scopes: "'analytics', 'analytics:readonly'" } },
      ],
    },
    {
      name: "a client without a read-only scope its profile requires as '*:readonly'",
      yaml: config({
        clients: `viewer:\n  grant: CODE\n  capabilities: [viewer]\n  scopes: [users]\n  redirectUris: [https://x.acme.example/cb]\n  only: [dev]`,
        top: "profiles:\n  viewer:\n    scopes: { require: ['*:readonly'], allow: [users, users:readonly] }",
      }),
      findings: [{ messageId: "missingScopeOfFamily", at: "capabilities: [viewer]", data: { pattern: "*:readonly", example: "any scope ending in ':readonly'" } }],
    },
    {
      name: "a profile permission neither of two declared roles grants, naming both",
      yaml: crmSync("{ role: Queues }, { role: Presence }", "  Queues: { permissions: [routing:queue:view] }\n  Presence: { permissions: [presence:userPresence:view] }"),
      findings: [{ messageId: "missingPermission", at: "capabilities: [crm-sync]", data: { permission: "directory:user:view", roles: "'Queues', 'Presence'" } }],
    },
  ],
});

describe("required-scopes: what it could not check is a skip note, never a pass", () => {
  const skipsOf = (yaml: string) => {
    const loaded = loadConfigText("case.yaml", yaml);
    if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join("\n"));
    const { findings, skipped } = evaluateWithSkips(loaded.model, { today: "2026-11-21" });
    return { findings: findings.filter((finding) => finding.ruleId === "required-scopes"), skipped: skipped.filter((note) => note.ruleId === "required-scopes") };
  };

  it("notes a CLIENT-CREDENTIALS client holding an undeclared role where its declared roles fall short", () => {
    const { findings, skipped } = skipsOf(
      config({
        clients: `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Users }, { role: Analytics Reader }]\n  only: [dev]`,
        top: "roles:\n  Users:\n    permissions: [directory:user:view]",
      }),
    );
    expect(findings).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(/holding roles whose permissions scopegate does not know/);
  });

  it("notes, per operation, a user-grant client calling an operation whose scopes the catalog does not know", () => {
    const { findings, skipped } = skipsOf(callerOf(["POST /api/v2/integrations/botconnectors/incoming/messages"], "  grant: CODE\n  scopes: [textbots]\n  redirectUris: [https://x.acme.example/cb]"));
    expect(findings).toEqual([]);
    expect(skipped.map((note) => note.reason)).toEqual([expect.stringMatching(/^POST \/api\/v2\/integrations\/botconnectors\/incoming\/messages was not checked for user-grant clients: the operations catalog does not know which scopes/)]);
  });

  it("notes an operation whose documented permission is prose, not a role permission", () => {
    const { findings, skipped } = skipsOf(callerOf(["GET /api/v2/userrecordings/{recordingId}/transcoding"], "  grant: CLIENT-CREDENTIALS\n  roles: [{ role: R }]", "roles:\n  R:\n    permissions: [recording:recording:view]"));
    expect(findings).toEqual([]);
    expect(skipped.map((note) => note.reason)).toEqual([expect.stringMatching(/not role permissions/)]);
  });

  it("says nothing when every operation is allowed by declared roles", () => {
    expect(skipsOf(exportWith("analytics:conversationDetail:view"))).toEqual({ findings: [], skipped: [] });
  });
});
