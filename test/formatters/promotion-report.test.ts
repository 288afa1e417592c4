import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { SourceLocation } from "../../model/model";
import type { Finding } from "../../policies/finding";
import type { ReportContext } from "../../formatters";
import type { TenantPromotion } from "../../policies/promotion";
import { promotionOf } from "../../policies/promotion";
import type { PromotionReport } from "../../formatters/promotion-report";
import { formatPromotion, promotionItems } from "../../formatters/promotion-report";
import { RULES } from "../../policies/registry";
import { config, orgsYaml } from "../helpers";

/** The promotion of dev to prod of tenant `tenant` in a configuration. */
function promotion(yaml: string, tenant = "acme"): TenantPromotion {
  const loaded = loadConfigText("case.yaml", yaml);
  if (!loaded.ok) throw new Error(`test setup: the case does not load:\n${loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n")}`);
  const result = promotionOf(loaded.model, tenant, "dev", "prod");
  if (result === undefined) throw new Error(`test setup: ${tenant} lacks 'dev' or 'prod'`);
  return result;
}

/** A promotion's items with each location as the trimmed line of the configuration it points at. */
function items(yaml: string) {
  const line = (loc: SourceLocation | undefined) => (loc === undefined ? undefined : yaml.split("\n")[loc.line - 1]!.trim());
  const { changes, intended } = promotionItems(promotion(yaml));
  const readable = (list: typeof changes) => list.map((item) => ({ ...item, source: line(item.source), target: line(item.target) }));
  return { changes: readable(changes), intended: readable(intended) };
}

describe("promotionItems", () => {
  it("describes a client promotion creates by its grant, scopes, roles and rotation copies", () => {
    const yaml = config({
      clients: `web-app:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging, messaging:readonly]
  redirectUris: [https://chat.acme.example/callback]
  roles: [{ role: Agent }, { role: Supervisor }]
  rotation: 2
  only: [dev]
chat:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]
  only: [dev]
export:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader }]
  only: [dev]`,
    });
    expect(items(yaml)).toEqual({
      changes: [
        {
          kind: "added",
          subject: "web-app",
          summary: "not in 'prod' (its 'only' leaves it out); promotion creates it there: CODE; scopes messaging, messaging:readonly; 2 roles (Agent, Supervisor); 2 rotation copies",
          source: "web-app:",
          target: "only: [dev]",
        },
        { kind: "added", subject: "chat", summary: "not in 'prod' (its 'only' leaves it out); promotion creates it there: CODE; scopes messaging", source: "chat:", target: "only: [dev]" },
        { kind: "added", subject: "export", summary: "not in 'prod' (its 'only' leaves it out); promotion creates it there: CLIENT-CREDENTIALS; 1 role (Analytics Reader)", source: "export:", target: "only: [dev]" },
      ],
      intended: [],
    });
  });

  it("warns that a renamed client is replaced: each Genesys Cloud copy of the old one is deleted", () => {
    const exporter = (key: string, name: string, role: string, only: string, rotation = 1) =>
      `${key}:\n  name: ${name}\n  grant: CLIENT-CREDENTIALS\n  capabilities: [analytics-export]\n  roles: [{ role: ${role} }]\n  rotation: ${rotation}\n  only: [${only}]`;
    const yaml = config({
      clients: [exporter("export-v2", "Export", "Analytics Reader", "dev"), exporter("export", "export", "HR Reader", "prod", 2), exporter("sync-v2", "Sync", "CRM Sync", "dev"), exporter("sync", "sync", "CRM Reader", "prod")].join("\n"),
    });
    expect(items(yaml).changes).toEqual([
      {
        kind: "renamed",
        subject: "export → export-v2",
        summary: "'export' becomes 'export-v2'; Terraform replaces the client (new client id and secret)",
        warning: "deletes 'export-1', 'export-2' in Genesys Cloud: every integration using them stops at once; re-point them to 'export-v2'",
        source: "export-v2:",
        target: "export:",
      },
      {
        kind: "renamed",
        subject: "sync → sync-v2",
        summary: "'sync' becomes 'sync-v2'; Terraform replaces the client (new client id and secret)",
        warning: "deletes 'sync' in Genesys Cloud: every integration using it stops at once; re-point them to 'sync-v2'",
        source: "sync-v2:",
        target: "sync:",
      },
    ]);
  });

  it("says what each changed setting gains and loses, and warns where promotion deletes, deactivates or takes away", () => {
    const client = (key: string, settings: string, dev: string, capabilities = "web-messaging") =>
      `${key}:\n  grant: CODE\n  capabilities: [${capabilities}]\n  redirectUris: [https://chat.acme.example/callback]\n${settings}\n  environments:\n    dev: { ${dev} }`;
    const yaml = config({
      clients: [
        client("fewer-copies", "  scopes: [messaging]\n  rotation: 3", "rotation: 1"),
        client("one-copy-fewer", "  scopes: [messaging]\n  rotation: 2", "rotation: 1"),
        client("more-copies", "  scopes: [messaging]", "rotation: 3"),
        client("deactivated", "  scopes: [messaging]", "state: inactive"),
        client("reactivated", "  scopes: [messaging]\n  state: inactive", "state: active"),
        client("swapped-scopes", "  scopes: [messaging, analytics]", "scopes: [messaging:readonly]"),
        client("more-scopes", "  scopes: [messaging]", "scopes: [messaging, messaging:readonly, analytics]"),
        client("own-copies", "  scopes: [messaging]", "scopes: [messaging, messaging:readonly] }\n    prod: { rotation: 3"),
        client("inactive", "  scopes: [messaging]\n  state: inactive", "scopes: [messaging, messaging:readonly]"),
        client("fewer-roles", "  scopes: [messaging]\n  roles: [{ role: Agent }, { role: Supervisor }]", "roles: [{ role: Agent }]"),
        client("fewer-capabilities", "  scopes: [messaging]", "capabilities: [web-messaging]", "web-messaging, analytics-export"),
      ].join("\n"),
    });
    const change = (subject: string, setting: string, summary: string, warning: string | undefined, source: string, target: string) => ({ kind: "changed", subject, setting, summary, warning, source, target });
    expect(items(yaml).changes).toEqual([
      change("fewer-copies", "rotation", "3 → 1", "deletes 'fewer-copies-2', 'fewer-copies-3' in Genesys Cloud: every integration using them stops at once", "dev: { rotation: 1 }", "rotation: 3"),
      change("one-copy-fewer", "rotation", "2 → 1", "deletes 'one-copy-fewer-2' in Genesys Cloud: every integration using it stops at once", "dev: { rotation: 1 }", "rotation: 2"),
      change("more-copies", "rotation", "1 → 3", undefined, "dev: { rotation: 3 }", "more-copies:"),
      change("deactivated", "state", "active → inactive", "deactivates the client: every integration using it stops", "dev: { state: inactive }", "deactivated:"),
      change("reactivated", "state", "inactive → active", undefined, "dev: { state: active }", "state: inactive"),
      change("swapped-scopes", "scopes", "adds messaging:readonly; removes messaging, analytics", "integrations relying on what is removed get 403s", "dev: { scopes: [messaging:readonly] }", "scopes: [messaging, analytics]"),
      change("more-scopes", "scopes", "adds messaging:readonly, analytics", undefined, "dev: { scopes: [messaging, messaging:readonly, analytics] }", "scopes: [messaging]"),
      // The copies prod declares for itself are kept (an intended difference): promotion deletes none of them.
      change("own-copies", "scopes", "adds messaging:readonly", undefined, "dev: { scopes: [messaging, messaging:readonly] }", "scopes: [messaging]"),
      // Inactive in both: promotion stops nothing.
      change("inactive", "scopes", "adds messaging:readonly", undefined, "dev: { scopes: [messaging, messaging:readonly] }", "scopes: [messaging]"),
      change("fewer-roles", "roles", "removes Supervisor (home division)", "integrations relying on what is removed get 403s", "dev: { roles: [{ role: Agent }] }", "roles: [{ role: Agent }, { role: Supervisor }]"),
      change("fewer-capabilities", "capabilities", "removes analytics-export", undefined, "dev: { capabilities: [web-messaging] }", "capabilities: [web-messaging, analytics-export]"),
    ]);
  });

  it("for a setting the target declares for itself, names what promotion adds to it and nothing it would take away", () => {
    const client = (key: string, settings: string, prod: string) =>
      `${key}:\n  grant: CODE\n  redirectUris: [https://chat.acme.example/callback]\n${settings}\n  environments:\n    prod: { ${prod} }`;
    const yaml = config({
      clients: [
        client("own-capabilities", "  capabilities: [web-messaging, analytics-export]\n  scopes: [messaging]", "capabilities: [web-messaging]"),
        client("own-scopes", "  capabilities: [web-messaging]\n  scopes: [messaging, messaging:readonly]", "scopes: [analytics]"),
        client("own-role", "  capabilities: [web-messaging]\n  scopes: [messaging]\n  roles: [{ role: Agent }, { role: Supervisor }]", 'roles: [{ role: Agent, division: "EMEA" }]'),
        client("own-roles", "  capabilities: [web-messaging]\n  scopes: [messaging]\n  roles: [{ role: Agent }, { role: Supervisor }]", 'roles: [{ role: Reviewer, division: "EMEA" }]'),
        client("own-rotation", "  capabilities: [web-messaging]\n  scopes: [messaging]\n  rotation: 3", "rotation: 1"),
      ].join("\n"),
    });
    const byHand = (lacks: string, pronoun: string) =>
      `'prod' declares its own roles and lacks ${lacks}: add ${pronoun} there by hand under environments.prod, with a division of its org (promotion does not guess division names)`;
    expect(items(yaml).changes.map(({ subject, setting, summary, warning }) => ({ subject, setting, summary, warning }))).toEqual([
      { subject: "own-capabilities", setting: "capabilities", summary: "'prod' declares its own capabilities; adds analytics-export to them" },
      { subject: "own-scopes", setting: "scopes", summary: "'prod' declares its own scopes; adds messaging, messaging:readonly to them" },
      { subject: "own-role", setting: "roles", summary: byHand("Supervisor", "it") },
      { subject: "own-roles", setting: "roles", summary: byHand("Agent, Supervisor", "them") },
      { subject: "own-rotation", setting: "rotation", summary: "'prod' declares its own rotation; 1 → 3" },
    ]);
  });

  it("lists what stays per environment: clients declared only for the target, per-environment settings and bindings", () => {
    const yaml = config({
      orgs: orgsYaml({ dev: { bindings: "apiAudience: https://dev.acme.example, debug: true" }, prod: { bindings: "apiAudience: https://acme.example, queue: emea" } }),
      clients: `legacy:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Legacy Reader }]
  only: [prod]
bot:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }]
  tokenValiditySeconds: 3600
  environments:
    dev: { tokenValiditySeconds: 1800 }`,
    });
    expect(items(yaml)).toEqual({
      changes: [],
      intended: [
        { kind: "intended", subject: "legacy", summary: "only in 'prod', as its 'only' declares; promotion keeps it", source: "only: [prod]", target: "legacy:" },
        { kind: "intended", subject: "bot", setting: "tokenValiditySeconds", summary: "'dev': 1800 s; 'prod': 3600 s", source: "dev: { tokenValiditySeconds: 1800 }", target: "tokenValiditySeconds: 3600" },
        { kind: "intended", subject: "binding apiAudience", summary: "'dev': https://dev.acme.example; 'prod': https://acme.example", source: "bindings: { apiAudience: https://dev.acme.example, debug: true }", target: "bindings: { apiAudience: https://acme.example, queue: emea }" },
        { kind: "intended", subject: "binding debug", summary: "'dev': true; 'prod': not declared", source: "bindings: { apiAudience: https://dev.acme.example, debug: true }", target: undefined },
        { kind: "intended", subject: "binding queue", summary: "'dev': not declared; 'prod': emea", source: undefined, target: "bindings: { apiAudience: https://acme.example, queue: emea }" },
      ],
    });
  });
});

describe("formatPromotion", () => {
  const context: ReportContext = { rules: RULES, source: "case.yaml", toolVersion: "0.1.0", docsUri: (id) => `https://example.com/docs/rules/${id}.md` };
  const finding = (props: Pick<Finding, "ruleId" | "severity" | "message"> & Partial<Finding>): Finding => ({
    messageId: "found",
    data: {},
    file: "case.yaml",
    line: 12,
    column: 7,
    tenant: "acme",
    environment: "prod",
    target: "oauth-client/export-v2",
    waived: false,
    ...props,
  });

  /** acme renames a client and changes another's rotation, with a binding only dev declares; globex promotes nothing. */
  const report: PromotionReport = {
    from: "dev",
    to: "prod",
    promotions: [
      promotion(
        config({
          orgs: orgsYaml({ dev: { bindings: "debug: true" }, prod: {} }),
          clients: `export-v2:
  name: Export
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader }]
  only: [dev]
export:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: HR Reader }]
  only: [prod]
bot:
  grant: CLIENT-CREDENTIALS
  capabilities: [bot-connector]
  roles: [{ role: Bot Connector Integration }]
  environments:
    dev: { rotation: 2 }`,
        }),
      ),
      promotion(config({ clients: "bot:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]" }).replaceAll("acme", "globex"), "globex"),
    ],
    findings: [finding({ ruleId: "promotion-drift", severity: "warning", message: "OAuth client 'export-v2' exists in 'dev' but not yet in 'prod'." })],
    introduced: [
      finding({ ruleId: "division-wildcard", severity: "error", message: "Role 'X' is granted on all divisions." }),
      finding({ ruleId: "unused-waiver", severity: "info", message: "A waiver | matches nothing.", environment: undefined, waived: true }),
    ],
    context,
  };
  const empty: PromotionReport = { ...report, promotions: [], findings: [], introduced: [] };

  it("prints text: each tenant's changes with warnings and both locations, the intended differences, the rules' findings and what promotion would bring", () => {
    expect(formatPromotion("text", report)).toMatchInlineSnapshot(`
      "scopegate promote: dev → prod (case.yaml)

      acme: dev (acme-dev, eu-west-1, nonprod) → prod (acme, eu-west-2, prod): 2 changes
        ~ export → export-v2: 'export' becomes 'export-v2'; Terraform replaces the client (new client id and secret)
            warning: deletes 'export' in Genesys Cloud: every integration using it stops at once; re-point them to 'export-v2'
            dev: case.yaml:17:7   prod: case.yaml:23:7
        ~ bot rotation: 1 → 2
            dev: case.yaml:33:28   prod: case.yaml:28:7
        intended, per environment (promotion keeps these):
        = binding debug: 'dev': true; 'prod': not declared
            dev: case.yaml:10:28   prod: not declared

      globex: dev (globex-dev, eu-west-1, nonprod) → prod (globex, eu-west-2, prod): nothing to promote

      Cross-environment rules:
      acme/prod
      case.yaml:12:7  warning  promotion-drift  OAuth client 'export-v2' exists in 'dev' but not yet in 'prod'.

      scopegate: 0 errors, 1 warning, 0 infos, 0 waived in case.yaml

      After promotion, 'prod' would also have:
        error  division-wildcard  Role 'X' is granted on all divisions.
        info  unused-waiver  A waiver | matches nothing. (waived)
      "
    `);
  });

  it("prints Markdown: a table of changes per tenant, the intended differences folded away, and tables of findings", () => {
    expect(formatPromotion("markdown", report)).toMatchInlineSnapshot(`
      "<!-- scopegate-promote -->
      ### scopegate promote: dev → prod

      #### acme: dev (acme-dev, eu-west-1, nonprod) → prod (acme, eu-west-2, prod): 2 changes

      |  | Client | Setting | Change | dev | prod |
      | --- | --- | --- | --- | --- | --- |
      | ~ | \`export → export-v2\` | renamed | 'export' becomes 'export-v2'; Terraform replaces the client (new client id and secret)<br>**Warning:** deletes 'export' in Genesys Cloud: every integration using it stops at once; re-point them to 'export-v2' | \`case.yaml:17\` | \`case.yaml:23\` |
      | ~ | \`bot\` | rotation | 1 → 2 | \`case.yaml:33\` | \`case.yaml:28\` |

      <details>
      <summary>1 intended difference (per environment, kept)</summary>

      |  | Client | Setting | Change | dev | prod |
      | --- | --- | --- | --- | --- | --- |
      | = | \`binding debug\` | intended | 'dev': true; 'prod': not declared | \`case.yaml:10\` | not declared |

      </details>

      #### globex: dev (globex-dev, eu-west-1, nonprod) → prod (globex, eu-west-2, prod): nothing to promote

      #### Cross-environment rules

      0 errors, 1 warning, 0 infos, 0 waived in case.yaml.

      | Severity | Rule | Location | Org | Message |
      | --- | --- | --- | --- | --- |
      | warning | [promotion-drift](https://example.com/docs/rules/promotion-drift.md) | \`case.yaml:12\` | acme/prod | OAuth client 'export-v2' exists in 'dev' but not yet in 'prod'. |


      #### After promotion, 'prod' would also have

      | Severity | Rule | Org | Message |
      | --- | --- | --- | --- |
      | error | division-wildcard | acme/prod | Role 'X' is granted on all divisions. |
      | info (waived) | unused-waiver | acme/ | A waiver \\| matches nothing. |
      "
    `);
  });

  it("prints JSON: each tenant's orgs, changes and intended differences, and the findings promotion would bring", () => {
    const json = JSON.parse(formatPromotion("json", report));
    expect(json.tenants.map((tenant: { tenant: string; source: unknown; target: unknown; unchanged: boolean }) => [tenant.tenant, tenant.source, tenant.target, tenant.unchanged])).toEqual([
      ["acme", { environment: "dev", orgName: "acme-dev", region: "eu-west-1", tier: "nonprod" }, { environment: "prod", orgName: "acme", region: "eu-west-2", tier: "prod" }, false],
      ["globex", { environment: "dev", orgName: "globex-dev", region: "eu-west-1", tier: "nonprod" }, { environment: "prod", orgName: "globex", region: "eu-west-2", tier: "prod" }, true],
    ]);
    expect(json.tenants[0].intended).toEqual([
      { kind: "intended", subject: "binding debug", setting: null, summary: "'dev': true; 'prod': not declared", warning: null, source: { file: "case.yaml", line: 10, column: 28 }, target: null },
    ]);
    expect(json.introduced).toEqual([
      { ruleId: "division-wildcard", severity: "error", message: "Role 'X' is granted on all divisions.", tenant: "acme", environment: "prod", target: "oauth-client/export-v2", waived: false },
      { ruleId: "unused-waiver", severity: "info", message: "A waiver | matches nothing.", tenant: "acme", environment: null, target: "oauth-client/export-v2", waived: true },
    ]);
  });

  it.each(["text", "markdown", "json"] as const)("ends %s with exactly one newline, whatever the report holds", (format) => {
    for (const variant of [report, empty, { ...report, introduced: [] }, { ...report, findings: [] }]) expect(formatPromotion(format, variant)).toMatch(/[^\n]\n$/);
  });

  it("says why there is nothing to promote, or that there is no tenant to promote", () => {
    expect(formatPromotion("text", empty)).toBe("scopegate promote: dev → prod (case.yaml)\n\nNo tenant to promote.\n\nCross-environment rules:\nscopegate: no findings in case.yaml\n");
    expect(formatPromotion("text", { ...empty, emptyReason: "No tenant has both 'dev' and 'prod'." })).toContain("\n\nNo tenant has both 'dev' and 'prod'.\n\n");
    expect(formatPromotion("markdown", empty)).toBe("<!-- scopegate-promote -->\n### scopegate promote: dev → prod\n\nNo tenant to promote.\n\n#### Cross-environment rules\n\nNo findings in case.yaml.\n");
    expect(formatPromotion("markdown", { ...empty, emptyReason: "No tenant has | both." })).toContain("\n\nNo tenant has \\| both.\n\n");
  });
});

