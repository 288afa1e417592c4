import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import type { OAuthClientModel, ScopegateModel } from "../../../model/model";
import { evaluateWithSkips } from "../../../policies/engine";
import privilegedRole from "../../../policies/rules/privileged-role";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

/** The bot connector, granted `role` (a YAML flow mapping's inside) instead of its own custom role. */
const granted = (role: string, extra = "") => config({ clients: BOT_CONNECTOR.replace("{ role: Bot Connector Integration }", `{ ${role} }`) + extra });

/** A waiver of the rule for the bot connector in one environment. */
const waiver = (environment: string) =>
  `policy:\n  waivers:\n    - { rule: privileged-role, tenant: acme, environment: ${environment}, client: bot-connector, reason: sandbox bot until its custom role exists, owner: cx-platform, expires: 2099-12-31 }`;

type Role = OAuthClientModel["roles"][number]["role"];

/** Every client of every org changed by `change`. */
const withClients = (model: ScopegateModel, change: (client: OAuthClientModel) => OAuthClientModel): ScopegateModel => ({
  ...model,
  environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map(change) })),
});

/** Each org as a scan of its stack would make it, each role grant changed by `change`. */
const scanned = (change: (role: Role) => Role) => (model: ScopegateModel): ScopegateModel =>
  withClients({ ...model, environments: model.environments.map((org) => ({ ...org, scannedFrom: org.stackName })) }, (client) => ({
    ...client,
    roles: client.roles.map((grant) => ({ ...grant, role: change(grant.role) })),
  }));

testRule(privilegedRole, {
  valid: [
    { name: "a custom role", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a custom role whose name contains 'Admin' ('Bot Admin Integration')", yaml: granted("role: Bot Admin Integration") },
    { name: "custom roles whose names only begin or end like a built-in one ('Admin Reader', 'Master Admin Copy', 'Administrator')", yaml: config({ clients: BOT_CONNECTOR.replace("[{ role: Bot Connector Integration }]", "[{ role: Admin Reader }, { role: Master Admin Copy }, { role: Administrator }]") }) },
    { name: "a built-in role limited to one product area ('Telephony Admin')", yaml: granted("role: Telephony Admin") },
    {
      name: "a CODE client (a user-facing grant acts with the user's permissions, not roles)",
      yaml: config({ clients: `web-app:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  roles: [{ role: Master Admin }]\n  redirectUris: [https://app.example.com/callback]` }),
    },
    {
      name: "a TOKEN client",
      yaml: config({ clients: `spa:\n  grant: TOKEN\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  roles: [{ role: admin }]\n  redirectUris: [https://app.example.com/callback]` }),
    },
    {
      name: "a scanned client whose role is a literal id, even one spelt like a built-in role's name (a skip note, not a finding)",
      yaml: config({ clients: BOT_CONNECTOR }),
      mutate: scanned((role) => ({ ...role, value: "Master Admin" })),
    },
  ],
  invalid: [
    {
      name: "'Master Admin' on the home division: a warning in nonprod, an error in prod",
      yaml: granted("role: Master Admin"),
      findings: [
        { messageId: "builtInRole", at: "role: Master Admin", environment: "dev", severity: "warning", data: { client: "bot-connector", role: "Master Admin", division: "on the home division" } },
        { messageId: "builtInRole", at: "role: Master Admin", environment: "prod", severity: "error" },
      ],
    },
    {
      name: "'admin' on a named division, compared without case",
      yaml: granted("role: admin, division: Customer Care", "\n  only: [prod]"),
      findings: [{ messageId: "builtInRole", at: "role: admin", environment: "prod", severity: "error", data: { role: "admin", division: "on division 'Customer Care'" } }],
    },
    {
      name: "' ADMIN ' on all divisions, without case or surrounding spaces",
      yaml: granted(`role: " ADMIN ", division: "*"`, "\n  only: [dev]"),
      findings: [{ messageId: "builtInRole", at: `role: " ADMIN "`, environment: "dev", severity: "warning", data: { division: "on all divisions ('*')" } }],
    },
    {
      name: "only the built-in one of two roles, and only in the environment that grants it",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  environments:\n    prod:\n      roles: [{ role: Bot Connector Integration }, { role: Master Admin }]` }),
      findings: [{ messageId: "builtInRole", at: "{ role: Master Admin }", environment: "prod", severity: "error" }],
    },
    {
      name: "a finding a nonprod waiver accepts, still reported, as waived",
      yaml: granted("role: Master Admin", "\n  only: [dev]") + waiver("dev"),
      findings: [{ messageId: "builtInRole", at: "role: Master Admin", environment: "dev", severity: "warning", waived: true }],
    },
    {
      name: "a finding in prod, which no waiver accepts",
      yaml: granted("role: Master Admin", "\n  only: [prod]") + waiver("prod"),
      findings: [{ messageId: "builtInRole", at: "role: Master Admin", environment: "prod", severity: "error", waived: false }],
    },
    {
      name: "a scanned client whose role was read by name through a role data source",
      yaml: granted("role: Master Admin", "\n  only: [prod]"),
      mutate: scanned((role) => ({ ...role, reference: "data.genesyscloud_auth_role.admin.id" })),
      findings: [{ messageId: "builtInRole", at: "role: Master Admin", severity: "error" }],
    },
  ],
});

describe("privileged-role on scanned clients it cannot fully read", () => {
  /** The rule's findings (`environment line message-id`) and skip notes (`line reason`) on the case's model, changed as a scan would read it. */
  function notesOf(yaml: string, mutate: (model: ScopegateModel) => ScopegateModel) {
    const loaded = loadConfigText("case.yaml", yaml);
    if (!loaded.ok) throw new Error("test setup: the case does not load");
    const { findings, skipped } = evaluateWithSkips(mutate(loaded.model), { today: "2026-11-21", rules: [privilegedRole] });
    const lineOf = (text: string) => yaml.split("\n").findIndex((line) => line.includes(text)) + 1;
    return { findings: findings.map((finding) => `${finding.environment} ${finding.line} ${finding.messageId}`), skipped: skipped.map((note) => `${note.line} ${note.reason}`), lineOf };
  }
  const ONLY_PROD = "\n  only: [prod]";

  it.each([
    ["a literal role id (no reference)", (role: Role): Role => ({ ...role, value: "Master Admin" })],
    ["a variable", (role: Role): Role => ({ ...role, value: "Master Admin", reference: "var.role_id" })],
    ["a role lookup whose name is not a literal (the value is the expression)", (role: Role): Role => ({ ...role, value: "${data.genesyscloud_auth_role.admin.id}", reference: "data.genesyscloud_auth_role.admin.id" })],
    ["a lookup of something other than a role", (role: Role): Role => ({ ...role, value: "Master Admin", reference: "data.genesyscloud_auth_division.admin.id" })],
  ])("notes a role grant whose name it cannot read (%s) instead of guessing", (_, change) => {
    const { findings, skipped, lineOf } = notesOf(granted("role: Master Admin", ONLY_PROD), scanned(change));
    expect(findings).toEqual([]);
    expect(skipped).toEqual([`${lineOf("role: Master Admin")} Role grants whose role name the scan could not read (a literal role id, a variable, an expression) were not checked for built-in roles; look the role up by name with a 'genesyscloud_auth_role' data source.`]);
  });

  it("reads a role named through a managed role's id as a name, and notes nothing", () => {
    const { findings, skipped, lineOf } = notesOf(granted("role: Master Admin", ONLY_PROD), scanned((role) => ({ ...role, reference: "genesyscloud_auth_role.admin.id" })));
    expect(findings).toEqual([`prod ${lineOf("role: Master Admin")} builtInRole`]);
    expect(skipped).toEqual([]);
  });

  it("notes computed roles, and still checks the grants it read", () => {
    const named = scanned((role) => ({ ...role, reference: "data.genesyscloud_auth_role.admin.id" }));
    const { findings, skipped, lineOf } = notesOf(granted("role: Master Admin", ONLY_PROD), (model) => withClients(named(model), (client) => ({ ...client, unknown: new Set(["roles"] as const) })));
    expect(findings).toEqual([`prod ${lineOf("role: Master Admin")} builtInRole`]);
    expect(skipped).toEqual([`${lineOf("bot-connector:")} OAuth clients whose roles are computed (a 'dynamic' block, or not literal 'roles' blocks) were not checked for built-in roles.`]);
  });

  it("notes a built-in role of a client whose grant is computed, without reporting it; a custom role there needs no note", () => {
    const named = scanned((role) => ({ ...role, reference: "data.genesyscloud_auth_role.admin.id" }));
    const computedGrant = (model: ScopegateModel) => withClients(named(model), (client) => ({ ...client, grant: { ...client.grant, value: "" as OAuthClientModel["grant"]["value"] }, unknown: new Set(["grant"] as const) }));
    const privileged = notesOf(granted("role: Master Admin", ONLY_PROD), computedGrant);
    expect(privileged.findings).toEqual([]);
    expect(privileged.skipped).toEqual([`${privileged.lineOf("bot-connector:")} OAuth clients whose grant type is computed were not checked for built-in roles (only CLIENT-CREDENTIALS clients act with their roles).`]);
    const custom = notesOf(config({ clients: BOT_CONNECTOR + ONLY_PROD }), computedGrant);
    expect(custom).toMatchObject({ findings: [], skipped: [] });
  });

  it("notes nothing for a user-facing client whatever its roles", () => {
    const yaml = config({ clients: `web-app:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  roles: [{ role: Master Admin }]\n  redirectUris: [https://app.example.com/callback]\n  only: [prod]` });
    expect(notesOf(yaml, scanned((role) => role))).toMatchObject({ findings: [], skipped: [] });
  });
});
