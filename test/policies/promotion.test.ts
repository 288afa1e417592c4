import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import type { TenantPromotion } from "../../policies/promotion";
import { deletedByPromotion, isUnchanged, promotionOf } from "../../policies/promotion";
import { BOT_CONNECTOR, config, orgsYaml } from "../helpers";

function load(yaml: string): ScopegateModel {
  const loaded = loadConfigText("case.yaml", yaml);
  if (!loaded.ok) throw new Error(`test setup: the case does not load:\n${loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n")}`);
  return loaded.model;
}

/** The promotion of `from` to `to` in a configuration of tenant acme, which must have both environments. */
function promotion(yaml: string, from = "dev", to = "prod"): TenantPromotion {
  const result = promotionOf(load(yaml), "acme", from, to);
  if (result === undefined) throw new Error(`test setup: acme lacks '${from}' or '${to}'`);
  return result;
}

/** A promotion's parts by client key and setting, for comparing whole. */
function summary(promotion: TenantPromotion) {
  return {
    added: promotion.added.map((client) => client.key),
    targetOnly: promotion.targetOnly.map((client) => client.key),
    renamed: promotion.renamed.map((pair) => `${pair.source.key} → ${pair.target.key}`),
    clients: promotion.clients.map((client) => ({
      key: client.key,
      changes: client.changes.map((difference) => difference.key),
      intended: client.intended.map((difference) => difference.key),
    })),
  };
}

/** A CLIENT-CREDENTIALS client `key` with Genesys name `name` and one role, declared for `only`. */
function exporter(key: string, options: { name?: string; role?: string; capabilities?: string; only: string }): string {
  return `${key}:
  name: ${options.name ?? key}
  grant: CLIENT-CREDENTIALS
  capabilities: [${options.capabilities ?? "analytics-export"}]
  roles: [{ role: ${options.role ?? "Analytics Reader"} }]
  only: [${options.only}]`;
}

describe("promotionOf", () => {
  const THREE_ORGS = orgsYaml({ dev: { bindings: "apiAudience: https://dev.acme.example" }, test: { bindings: "apiAudience: https://test.acme.example, retries: 3, debug: true" }, prod: { bindings: "apiAudience: https://acme.example, retries: 3, queue: emea" } });

  it("is undefined when the tenant lacks either environment", () => {
    const model = load(config({ clients: BOT_CONNECTOR }));
    expect(promotionOf(model, "acme", "dev", "staging")).toBeUndefined();
    expect(promotionOf(model, "acme", "staging", "prod")).toBeUndefined();
    expect(promotionOf(model, "globex", "dev", "prod")).toBeUndefined();
    expect(promotionOf(model, "acme", "dev", "prod")).toMatchObject({ tenant: "acme", source: { environment: "dev" }, target: { environment: "prod" } });
  });

  it("compares the named environments: clients added, kept for the target, changed and intended, and differing bindings", () => {
    const yaml = config({
      orgs: THREE_ORGS,
      clients: `${BOT_CONNECTOR}
  tokenValiditySeconds: 3600
  environments:
    test: { roles: [{ role: Bot Connector Integration }, { role: Supervisor }], tokenValiditySeconds: 1800 }
reports:
  grant: CODE
  capabilities: [analytics-export]
  scopes: [analytics:readonly]
  redirectUris: [https://reports.acme.example/callback]
  environments:
    prod: { redirectUris: [https://reports.acme.example/prod-callback] }
unchanged:
  grant: CLIENT-CREDENTIALS
  capabilities: [analytics-export]
  roles: [{ role: Analytics Reader }]
${exporter("crm-sync", { role: "CRM Sync", capabilities: "bot-connector", only: "dev, test" })}
${exporter("legacy-export", { role: "Legacy Reader", only: "prod" })}
${exporter("dev-only", { role: "Dev Reader", only: "dev" })}`,
    });
    const result = promotion(yaml, "test", "prod");
    expect(summary(result)).toEqual({
      added: ["crm-sync"],
      targetOnly: ["legacy-export"],
      renamed: [],
      clients: [
        { key: "bot-connector", changes: ["roles"], intended: ["tokenValiditySeconds"] },
        { key: "reports", changes: [], intended: ["redirectUris"] },
      ],
    });
    expect(result.bindings.map((binding) => ({ name: binding.name, source: binding.source?.value, target: binding.target?.value }))).toEqual([
      { name: "apiAudience", source: "https://test.acme.example", target: "https://acme.example" },
      { name: "debug", source: true, target: undefined },
      { name: "queue", source: undefined, target: "emea" },
    ]);
    const line = (text: string) => yaml.split("\n").findIndex((l) => l.includes(text)) + 1;
    expect(result.bindings[0]).toMatchObject({ source: { loc: { line: line("https://test.acme.example") } }, target: { loc: { line: line("https://acme.example,") } } });
  });

  it("pairs a client only the source has with one only the target has under the same Genesys Cloud name, whatever the case", () => {
    const result = promotion(config({ clients: `${exporter("export-v2", { name: "Nightly Export", role: "Analytics Reader", only: "dev" })}\n${exporter("export", { name: "nightly export", role: "HR Reader", only: "prod" })}` }));
    expect(summary(result)).toEqual({ added: [], targetOnly: [], renamed: ["export-v2 → export"], clients: [] });
  });

  it("pairs clients under different names that grant the same, whatever the order of their lists", () => {
    const result = promotion(
      config({
        clients: `a-v2:
  grant: CODE
  capabilities: [web-messaging, analytics-export]
  scopes: [messaging, analytics:readonly]
  redirectUris: [https://a.acme.example/callback]
  roles: [{ role: Agent }, { role: Supervisor, division: "*" }]
  only: [dev]
a:
  grant: CODE
  capabilities: [analytics-export, web-messaging]
  scopes: [analytics:readonly, messaging]
  redirectUris: [https://a.acme.example/callback]
  roles: [{ role: Supervisor, division: "*" }, { role: Agent }]
  only: [prod]`,
      }),
    );
    expect(summary(result).renamed).toEqual(["a-v2 → a"]);
  });

  it.each([
    ["capabilities", `capabilities: [bot-connector]`, `capabilities: [analytics-export]`],
    ["scopes", `scopes: [messaging]`, `scopes: [analytics]`],
    ["roles", `roles: [{ role: Agent }]`, `roles: [{ role: Supervisor }]`],
    ["role divisions", `roles: [{ role: Agent }]`, `roles: [{ role: Agent, division: "*" }]`],
    ["grant", `grant: CODE`, `grant: TOKEN`],
  ])("does not pair clients under different names whose %s differ", (_, source, target) => {
    const client = (key: string, line: string, only: string) =>
      `${key}:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [https://a.acme.example/callback]\n  roles: [{ role: Agent }]\n  only: [${only}]`.replace(
        new RegExp(`^  ${line.split(":")[0]}:.*$`, "m"),
        `  ${line}`,
      );
    const result = promotion(config({ clients: `${client("new", source, "dev")}\n${client("old", target, "prod")}` }));
    expect(summary(result)).toEqual({ added: ["new"], targetOnly: ["old"], renamed: [], clients: [] });
  });

  it("pairs each target client once: with the first source client that matches it, by name before settings", () => {
    const result = promotion(
      config({
        clients: [
          exporter("first", { name: "First Export", only: "dev" }),
          exporter("second", { name: "Old Export", role: "HR Reader", only: "dev" }),
          exporter("twin", { name: "Twin Export", only: "dev" }),
          exporter("old", { name: "Old Export", only: "prod" }),
          exporter("hr", { name: "HR Export", role: "HR Reader", only: "prod" }),
        ].join("\n"),
      }),
    );
    // 'first' takes 'old' by its settings; 'second' shares old's name but old is taken, so it takes 'hr' by its
    // settings; 'twin' has first's settings, and nothing is left for it.
    expect(summary(result)).toEqual({ added: ["twin"], targetOnly: [], renamed: ["first → old", "second → hr"], clients: [] });
  });
});

describe("isUnchanged", () => {
  it.each([
    [true, "nothing differs", BOT_CONNECTOR],
    [true, "only intended differences: per-environment settings", `${BOT_CONNECTOR}\n  environments:\n    prod: { tokenValiditySeconds: 1800 }`],
    [false, "a client to add", `${BOT_CONNECTOR}\n  only: [dev]`],
    [true, "a client only the target has", `${BOT_CONNECTOR}\n  only: [prod]`],
    [false, "a renamed client", `${exporter("export-v2", { name: "Export", only: "dev" })}\n${exporter("export", { only: "prod" })}`],
    [false, "a changed setting", `${BOT_CONNECTOR}\n  environments:\n    dev: { rotation: 2 }`],
    [
      false,
      "a changed setting in one client and only intended differences in another",
      `${BOT_CONNECTOR}\n  environments:\n    dev: { rotation: 2 }\n${exporter("export", { only: "dev, prod" })}\n  environments:\n    prod: { tokenValiditySeconds: 1800 }`,
    ],
  ])("is %s with %s", (unchanged, _, clients) => {
    expect(isUnchanged(promotion(config({ clients })))).toBe(unchanged);
  });
});

describe("deletedByPromotion", () => {
  function deleted(clients: string) {
    const yaml = config({ clients });
    const line = (loc: { line: number }) => yaml.split("\n")[loc.line - 1]!.trim();
    return deletedByPromotion(promotion(yaml)).map((deletion) => ({ client: deletion.client.key, names: deletion.names, at: line(deletion.loc) }));
  }

  it("lists every copy of the target side of a renamed client, at its declaration", () => {
    expect(deleted(`${exporter("export-v2", { name: "Export", only: "dev" })}\n${exporter("export", { name: "export", only: "prod" })}\n  rotation: 2`)).toEqual([
      { client: "export", names: ["export-1", "export-2"], at: "export:" },
    ]);
  });

  it("lists the copies beyond the source's count when promotion lowers the rotation, at the rotation", () => {
    expect(deleted(`${BOT_CONNECTOR}\n  rotation: 3\n  environments:\n    dev: { rotation: 1, scopes: [textbots] }`)).toEqual([
      { client: "bot-connector", names: ["bot-connector-2", "bot-connector-3"], at: "rotation: 3" },
    ]);
  });

  it("lists renamed clients first, then lowered rotations", () => {
    expect(deleted(`${exporter("export-v2", { name: "Export", only: "dev" })}\n${exporter("export", { name: "export", only: "prod" })}\n${BOT_CONNECTOR}\n  rotation: 2\n  environments:\n    dev: { rotation: 1 }`)).toEqual([
      { client: "export", names: ["export"], at: "export:" },
      { client: "bot-connector", names: ["bot-connector-2"], at: "rotation: 2" },
    ]);
  });

  it.each([
    ["promotion raises the rotation", `${BOT_CONNECTOR}\n  environments:\n    dev: { rotation: 3 }`],
    ["the target declares more copies for itself (intended, kept) and another setting changes", `${BOT_CONNECTOR}\n  environments:\n    dev: { scopes: [textbots] }\n    prod: { rotation: 3 }`],
    ["nothing changes", BOT_CONNECTOR],
  ])("deletes nothing when %s", (_, clients) => {
    expect(deleted(clients)).toEqual([]);
  });
});
