import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import schema from "../../schema/scopegate.schema.json";
import { loadConfig, loadConfigText } from "../../config/load";
import type { OrgEnvironment, ScopegateModel } from "../../model/model";
import { REGIONS, regionEndpoints } from "../../config/regions";
import { nearest } from "../../config/suggest";
import { ROOT } from "../helpers";

function example(): ScopegateModel {
  const result = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.model;
}

/** The example's lines, for locations. */
const EXAMPLE = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8").split("\n");
/**
 * Where `snippet` is on the example's line that is exactly `line` (the first such line after the line that is exactly
 * `after`, if given; otherwise the only one): file, line and column, 1-based.
 */
function at(line: string, snippet = line.trim(), after?: string): { file: string; line: number; column: number } {
  const from = after === undefined ? 0 : EXAMPLE.indexOf(after);
  const lines = EXAMPLE.flatMap((text, i) => (text === line && (after === undefined || i > from) ? [i] : []));
  if (from < 0 || lines.length === 0 || (after === undefined && lines.length > 1)) throw new Error(`test setup: ${lines.length} lines of scopegate.yaml are '${line}'`);
  const column = EXAMPLE[lines[0]].indexOf(snippet);
  if (column < 0) throw new Error(`test setup: '${snippet}' is not on line '${line}'`);
  return { file: "scopegate.yaml", line: lines[0] + 1, column: column + 1 };
}

function org(model: ScopegateModel, stackName: string): OrgEnvironment {
  const found = model.environments.find((e) => e.stackName === stackName);
  if (found === undefined) throw new Error(`no ${stackName}`);
  return found;
}

describe("loading the example into the normalized model", () => {
  it("has one org environment per tenant x environment, in declaration order", () => {
    const model = example();
    expect(model.tenants).toEqual(["acme", "globex"]);
    expect(model.environments.map((e) => [e.stackName, e.tier.value, e.region.value])).toEqual([
      ["acme-dev", "nonprod", "eu-west-2"],
      ["acme-prod", "prod", "eu-west-1"],
      ["globex-dev", "nonprod", "us-west-2"],
      ["globex-prod", "prod", "us-east-1"],
    ]);
  });

  it("keeps the file, line and column of every value", () => {
    const model = example();
    const acmeProd = org(model, "acme-prod");
    expect(acmeProd.region.loc).toEqual(at("        region: eu-west-1", "eu-west-1", "  acme:"));
    expect(acmeProd.loc).toEqual(at("      prod:", "prod", "  acme:"));
    const widget = acmeProd.oauthClients.find((c) => c.key === "web-widget");
    expect(widget?.scopes.map((s) => [s.value, s.loc])).toEqual([
      ["messaging", at("        scopes: [messaging, messaging:readonly]", "messaging")],
      ["messaging:readonly", at("        scopes: [messaging, messaging:readonly]", "messaging:readonly")],
    ]);
    const bot = acmeProd.oauthClients.find((c) => c.key === "bot-connector");
    expect(bot?.scopes).toEqual([]);
    expect(bot?.roles[0].role).toEqual({ value: "Bot Connector Integration", loc: at("        roles: [{ role: Bot Connector Integration, division: home }]", "Bot Connector Integration") });
    const role = model.roles.find((declared) => declared.role === "Bot Connector Integration");
    expect(role?.loc).toEqual(at("  Bot Connector Integration:", "Bot Connector Integration", "roles:"));
    expect(role?.permissions.map((p) => [p.value, p.loc])).toEqual([
      ["integration:botconnector:view", at("    permissions: [integration:botconnector:view, integration:botconnector:edit]", "integration:botconnector:view")],
      ["integration:botconnector:edit", at("    permissions: [integration:botconnector:view, integration:botconnector:edit]", "integration:botconnector:edit")],
    ]);
  });

  it("applies per-environment overrides and records where the effective value was written", () => {
    const model = example();
    const devWidget = org(model, "acme-dev").oauthClients.find((c) => c.key === "web-widget");
    const prodWidget = org(model, "acme-prod").oauthClients.find((c) => c.key === "web-widget");
    expect(devWidget?.redirectUris.map((u) => u.value)).toEqual(["http://localhost:3000/callback", "https://chat-dev.acme.example/callback"]);
    expect(devWidget?.redirectUris[0].loc).toEqual(at('          dev: { redirectUris: ["http://localhost:3000/callback", "https://chat-dev.acme.example/callback"] }', '"http://localhost:3000/callback"'));
    expect([...(devWidget?.overridden ?? [])]).toEqual(["redirectUris"]);
    expect(prodWidget?.redirectUris.map((u) => u.value)).toEqual(["https://chat.acme.example/callback"]);
    expect(prodWidget?.overridden.size).toBe(0);
    expect(prodWidget?.tokenValiditySeconds?.value).toBe(3600);
  });

  it("leaves a client limited by 'only' out of the other environments", () => {
    const model = example();
    expect(org(model, "acme-dev").oauthClients.map((c) => c.key)).toContain("crm-sync");
    expect(org(model, "acme-prod").oauthClients.map((c) => c.key)).not.toContain("crm-sync");
  });

  it("fills defaults: one copy, no exposed secret, active, home division, local backend, key as name", () => {
    const globexDev = org(example(), "globex-dev");
    const exporter = globexDev.oauthClients.find((c) => c.key === "analytics-export");
    expect(exporter?.rotation.value).toBe(1);
    expect(exporter?.exposeSecret.value).toBe(false);
    expect(exporter?.state.value).toBe("active");
    expect(exporter?.name.value).toBe("analytics-export");
    expect(exporter?.roles[0].division.value).toEqual({ kind: "home" });
    expect(org(example(), "acme-dev").backend.type).toBe("local");
  });

  it("reads profiles with their locations", () => {
    const [crmSync] = example().profiles;
    expect(crmSync.name).toBe("crm-sync");
    expect(crmSync.loc).toEqual(at("  crm-sync:"));
    expect(crmSync.operations.map((s) => [s.value, s.loc])).toEqual(
      ["GET /api/v2/users", "POST /api/v2/users/search", "GET /api/v2/users/presences/purecloud/bulk"].map((operation) => [operation, at(`      - ${operation}`, operation)]),
    );
    expect([crmSync.require, crmSync.allow, crmSync.permissions]).toEqual([[], [], []]);
  });

  it("accepts YAML anchors and aliases within the limit", () => {
    const result = loadConfigText(
      "anchors.yaml",
      `version: 1
tenants:
  acme:
    orgs:
      dev: &org { tier: nonprod, region: eu-west-1, orgName: acme-dev, credentials: { clientIdEnv: A_ID, clientSecretEnv: A_SECRET } }
      test: { tier: nonprod, region: eu-west-1, orgName: acme-test, credentials: { clientIdEnv: T_ID, clientSecretEnv: T_SECRET } }
    oauthClients:
      a: { grant: CODE, scopes: &scopes [messaging, messaging:readonly], redirectUris: [https://a.example/cb] }
      b: { grant: CODE, scopes: *scopes, redirectUris: [https://b.example/cb] }
`,
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      const b = result.model.environments[0].oauthClients[1];
      expect(b.scopes.map((s) => s.value)).toEqual(["messaging", "messaging:readonly"]);
      expect(b.scopes[0].loc.line).toBe(8);
    }
  });
});

describe("YAML merge keys and aliases", () => {
  it("merges '<<: *anchor' mappings, keys written beside it winning, and locates merged values at the anchor", () => {
    const withAnchorInPlace = loadConfigText(
      "merge.yaml",
      `version: 1
tenants:
  acme:
    orgs:
      dev: &org { tier: nonprod, region: eu-west-1, orgName: acme-dev, credentials: { clientIdEnv: D_ID, clientSecretEnv: D_SECRET } }
      prod: { <<: *org, tier: prod, orgName: acme, credentials: { clientIdEnv: P_ID, clientSecretEnv: P_SECRET } }
`,
    );
    expect(withAnchorInPlace.ok).toBe(true);
    if (!withAnchorInPlace.ok) return;
    const [dev, prod] = withAnchorInPlace.model.environments;
    expect([prod.tier.value, prod.region.value, prod.orgName.value]).toEqual(["prod", "eu-west-1", "acme"]);
    expect(prod.region.loc).toEqual(dev.region.loc);
    expect(prod.tier.loc).toEqual({ file: "merge.yaml", line: 6, column: 31 });
  });

  it("accepts many references to a small anchor", () => {
    const clients = Array.from({ length: 150 }, (_, i) => `      c${i}: { grant: CODE, scopes: *scopes, redirectUris: [https://c${i}.example/cb] }`).join("\n");
    const result = loadConfigText(
      "many.yaml",
      `version: 1
tenants:
  acme:
    orgs:
      dev: { tier: nonprod, region: eu-west-1, orgName: acme-dev, credentials: { clientIdEnv: D_ID, clientSecretEnv: D_SECRET } }
    oauthClients:
      first: { grant: CODE, scopes: &scopes [messaging, messaging:readonly], redirectUris: [https://first.example/cb] }
${clients}
`,
    );
    expect(result.ok).toBe(true);
  });
});

describe("regions", () => {
  it("the schema accepts exactly the provider's regions", () => {
    expect(schema.definitions.org.properties.region.enum).toEqual(REGIONS);
  });

  it("derives API and login hosts from the region's domain", () => {
    expect(regionEndpoints("ap-southeast-2")).toEqual({
      domain: "mypurecloud.com.au",
      apiBaseUrl: "https://api.mypurecloud.com.au",
      loginBaseUrl: "https://login.mypurecloud.com.au",
    });
    expect(() => regionEndpoints("eu-west-9")).toThrow("Region 'eu-west-9' is not one of the provider's regions.");
  });
});

describe("suggestions", () => {
  it("suggests near names and stays quiet on far ones", () => {
    expect(nearest("regoin", ["tier", "region", "orgName"])).toBe("region");
    expect(nearest("client_credentials", ["CODE", "CLIENT-CREDENTIALS"])).toBe("CLIENT-CREDENTIALS");
    expect(nearest("production", ["nonprod", "prod"])).toBe("prod");
    expect(nearest("zzz", ["tier", "region"])).toBeUndefined();
  });
});
