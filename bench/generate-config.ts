/**
 * Generated scopegate configurations for benchmarks: N tenants shaped like `scopegate.yaml`, each with orgs dev, test
 * and prod and five OAuth clients, some with per-environment overrides, and the custom roles their client-credentials
 * clients hold declared once under `roles:` (created in every org). Every name, credential variable and literal id is
 * unique, and every host matches its org's region, so the configuration loads and the policy gate finds no error that
 * a waiver does not accept (a staged rollout). Some tenants keep every org in one region, as data residency asks.
 * `generateConfig` writes it as one text; `writeSplitConfig` as a root file including one file per tenant.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REGION_DOMAINS } from "../config/regions";

/** Region pairs (nonprod, prod) that tenants cycle through. */
const REGION_PAIRS: readonly (readonly [string, string])[] = [
  ["eu-west-2", "eu-west-1"],
  ["us-west-2", "us-east-1"],
  ["ap-southeast-2", "ap-southeast-2"],
  ["eu-central-1", "eu-central-1"],
  ["ca-central-1", "ca-central-1"],
];

const ENVIRONMENTS = [
  { env: "dev", tier: "nonprod" },
  { env: "test", tier: "nonprod" },
  { env: "prod", tier: "prod" },
] as const;

/** Zero-padded tenant number: `t0042`. */
export function tenantName(index: number): string {
  return `t${String(index + 1).padStart(4, "0")}`;
}

/** A UUID that is unique per (tenant, environment), so that no literal id is shared between orgs. */
function uuidFor(tenant: number, env: number): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  return `${hex(tenant, 8)}-${hex(env, 4)}-4abc-8def-${hex(tenant * 3 + env, 12)}`;
}

/** The YAML of one org of a tenant. */
function orgLines(tenant: number, envIndex: number): string[] {
  const name = tenantName(tenant);
  const { env, tier } = ENVIRONMENTS[envIndex];
  const [nonprodRegion, prodRegion] = REGION_PAIRS[tenant % REGION_PAIRS.length];
  const region = tier === "prod" ? prodRegion : nonprodRegion;
  const upper = `${name.toUpperCase()}_${env.toUpperCase()}`;
  const lines = [
    `      ${env}:`,
    `        tier: ${tier}`,
    `        region: ${region}`,
    `        orgName: ${name}-${env}`,
    `        credentials: { clientIdEnv: ${upper}_CLIENT_ID, clientSecretEnv: ${upper}_CLIENT_SECRET }`,
  ];
  // One tenant in ten keeps prod state in S3, like acme in scopegate.yaml; the rest use the default local state.
  if (tier === "prod" && tenant % 10 === 0) {
    lines.push(`        backend: { type: s3, bucket: ${name}-terraform-state, region: ${region}, keyPrefix: genesys, dynamodbTable: terraform-locks }`);
  }
  lines.push(
    "        bindings:",
    `          webMessagingDeploymentId: ${uuidFor(tenant, envIndex)}`,
    `          apiAudience: https://api.${REGION_DOMAINS[region]}`,
  );
  return lines;
}

/** The five OAuth clients of a tenant, with overrides for dev and test; the four client-credentials clients hold roles of `ROLES`. */
function clientLines(tenant: number): string[] {
  const name = tenantName(tenant);
  return [
    "    oauthClients:",
    "      bot-connector:",
    `        description: Bot Connector integration for the ${name} virtual agent.`,
    "        grant: CLIENT-CREDENTIALS",
    "        capabilities: [bot-connector]",
    "        roles: [{ role: Bot Connector Integration, division: home }]",
    "        rotation: 2",
    "      messaging-middleware:",
    "        grant: CLIENT-CREDENTIALS",
    "        capabilities: [open-messaging]",
    "        roles: [{ role: Open Messaging Middleware, division: Customer Care }]",
    "        tokenValiditySeconds: 1800",
    "        environments:",
    "          dev: { tokenValiditySeconds: 3600 }",
    "      web-widget:",
    `        name: ${name} web messaging widget`,
    "        grant: CODE",
    "        capabilities: [web-messaging]",
    "        scopes: [messaging, messaging:readonly]",
    `        redirectUris: [https://chat.${name}.example/callback]`,
    "        tokenValiditySeconds: 3600",
    "        environments:",
    `          dev: { redirectUris: ["http://localhost:3000/callback", "https://chat-dev.${name}.example/callback"] }`,
    `          test: { redirectUris: ["https://chat-test.${name}.example/callback"] }`,
    "      analytics-export:",
    "        grant: CLIENT-CREDENTIALS",
    "        capabilities: [analytics-export]",
    "        roles: [{ role: Analytics Export }]",
    "        tokenValiditySeconds: 7200",
    "      crm-sync:",
    "        grant: CLIENT-CREDENTIALS",
    "        capabilities: [crm-sync]",
    "        roles: [{ role: CRM Sync }]",
    "        only: [dev, test]",
    "        environments:",
    "          test: { tokenValiditySeconds: 3600 }",
  ];
}

/** The custom roles every tenant's clients hold, each with exactly what its clients' operations need, as in `scopegate.yaml`. */
const ROLES = [
  "roles:",
  "  Bot Connector Integration:",
  "    description: Lets the bot platform keep its bots and versions up to date.",
  "    permissions: [integration:botconnector:view, integration:botconnector:edit]",
  "  Open Messaging Middleware:",
  "    description: Lets the messaging middleware send customers' messages, receipts and events.",
  "    permissions: [conversation:message:receive]",
  "  Analytics Export:",
  "    description: Reads conversation aggregates and details for reporting.",
  "    permissions: [analytics:conversationAggregate:view, analytics:conversationDetail:view]",
  "  CRM Sync:",
  "    description: Reads users for the CRM; presence needs no permission.",
  "    permissions: [directory:user:view]",
];

/** What every configuration shares: the version, crm-sync's profile and the custom roles. */
const HEADER = [
  "version: 1",
  "",
  "profiles:",
  "  crm-sync:",
  "    description: Nightly sync of agents and their presence into the CRM.",
  "    operations:",
  "      - GET /api/v2/users",
  "      - POST /api/v2/users/search",
  "      - GET /api/v2/users/presences/purecloud/bulk",
  "",
  ...ROLES,
];

/** One tenant's entry under `tenants:`: its orgs and clients. */
function tenantLines(tenant: number): string[] {
  const lines = [`  ${tenantName(tenant)}:`, "    orgs:"];
  for (let e = 0; e < ENVIRONMENTS.length; e++) lines.push(...orgLines(tenant, e));
  lines.push(...clientLines(tenant));
  return lines;
}

/** A configuration of `tenants` tenants, as YAML text. */
export function generateConfig(tenants: number): string {
  const lines = [...HEADER, "", "tenants:"];
  for (let t = 0; t < tenants; t++) lines.push(...tenantLines(t));
  lines.push("", "policy:", "  waivers:");
  for (let t = 0; t < tenants; t++) lines.push(...waiverLines(t));
  return `${lines.join("\n")}\n`;
}

/** Where the tenant files of a split configuration are, relative to its root file, and the root's `include` of them. */
export const SPLIT_TENANTS_DIR = "tenants";

/**
 * The same configuration as `generateConfig`, split: a root `scopegate.yaml` in `dir` (version, profiles, roles and
 * `include: [tenants/*.yaml]`) and one file per tenant, `tenants/<tenant>.yaml`, holding `version: 1`, the tenant
 * and its own waiver. Returns the root file's path and every tenant file's, in order.
 */
export function writeSplitConfig(dir: string, tenants: number): { root: string; tenantFiles: string[] } {
  fs.mkdirSync(path.join(dir, SPLIT_TENANTS_DIR), { recursive: true });
  const root = path.join(dir, "scopegate.yaml");
  fs.writeFileSync(root, `${[...HEADER, "", `include: [${SPLIT_TENANTS_DIR}/*.yaml]`].join("\n")}\n`);
  const tenantFiles: string[] = [];
  for (let t = 0; t < tenants; t++) {
    const file = path.join(dir, SPLIT_TENANTS_DIR, `${tenantName(t)}.yaml`);
    fs.writeFileSync(file, `${["version: 1", "", "tenants:", ...tenantLines(t), "", "policy:", "  waivers:", ...waiverLines(t)].join("\n")}\n`);
    tenantFiles.push(file);
  }
  return { root, tenantFiles };
}
/** A tenant's waiver: crm-sync's staged rollout (a warning), so that the waiver path is measured too. */
function waiverLines(tenant: number): string[] {
  const name = tenantName(tenant);
  return [`    - { rule: promotion-drift, tenant: ${name}, environment: prod, client: crm-sync, reason: Staged rollout until the CRM team signs off., owner: cx-platform, expires: 2099-12-31 }`];
}
