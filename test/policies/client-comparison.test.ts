import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { OAuthClientModel, ScopegateModel, SourceLocation } from "../../model/model";
import type { ComparedKey, KeyDifference } from "../../policies/client-comparison";
import { compareClients, differenceLocation, extraGrants, lacksIn, notYetPromoted, promotionPositions, roleGrantText } from "../../policies/client-comparison";
import { config, orgsYaml } from "../helpers";

function load(yaml: string): ScopegateModel {
  const loaded = loadConfigText("case.yaml", yaml);
  if (!loaded.ok) throw new Error(`test setup: the case does not load:\n${loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n")}`);
  return loaded.model;
}

/** The client `key` as it applies to `environment` of tenant acme. */
function clientOf(model: ScopegateModel, environment: string, key: string): OAuthClientModel {
  const client = model.environments.find((org) => org.environment === environment)?.oauthClients.find((c) => c.key === key);
  if (client === undefined) throw new Error(`test setup: no client '${key}' in '${environment}'`);
  return client;
}

/** Where `text` starts in `yaml` (its first occurrence), as the loader reports a value's location. */
function at(yaml: string, text: string): SourceLocation {
  const lines = yaml.split("\n");
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`test setup: no line contains '${text}'`);
  return { file: "case.yaml", line: index + 1, column: lines[index]!.indexOf(text) + 1 };
}

describe("compareClients", () => {
  const yaml = config({
    clients: `widget:
  grant: CODE
  description: Chat widget
  capabilities: [web-messaging]
  scopes: [messaging, conversations]
  redirectUris: [https://chat.acme.example/callback]
  roles: [{ role: Agent }]
  environments:
    dev: { scopes: [conversations, messaging, messaging:readonly], roles: [{ role: Agent, division: "*" }, { role: Supervisor, division: Sales }], rotation: 2, tokenValiditySeconds: 3600 }
    prod: { description: Prod widget, state: inactive, exposeSecret: true, secretDirectory: secrets, redirectUris: [] }`,
  });
  const model = load(yaml);
  const dev = clientOf(model, "dev", "widget");
  const prod = clientOf(model, "prod", "widget");
  const clientLoc = at(yaml, "widget:");

  it("lists each differing setting with both sides as text and where each is written, promoted settings first", () => {
    const side = (text: string, loc: SourceLocation, overridden: boolean) => ({ text, loc, overridden });
    const single = { gains: [], loses: [] };
    expect(compareClients(dev, prod)).toEqual<KeyDifference[]>([
      {
        key: "scopes",
        environmentSpecific: false,
        source: side("conversations, messaging, messaging:readonly", at(yaml, "conversations, messaging, messaging:readonly"), true),
        target: side("messaging, conversations", at(yaml, "messaging, conversations]"), false),
        gains: ["messaging:readonly"],
        loses: [],
      },
      {
        key: "roles",
        environmentSpecific: false,
        source: side("Agent (all divisions), Supervisor (division 'Sales')", at(yaml, `Agent, division: "*"`), true),
        target: side("Agent (home division)", at(yaml, "Agent }]"), false),
        gains: ["Agent (all divisions)", "Supervisor (division 'Sales')"],
        loses: ["Agent (home division)"],
      },
      { key: "rotation", environmentSpecific: false, source: side("2", at(yaml, "2, tokenValiditySeconds"), true), target: side("1", clientLoc, false), ...single },
      { key: "state", environmentSpecific: false, source: side("active", clientLoc, false), target: side("inactive", at(yaml, "inactive"), true), ...single },
      { key: "description", environmentSpecific: true, source: side("'Chat widget'", at(yaml, "Chat widget"), false), target: side("'Prod widget'", at(yaml, "Prod widget"), true), ...single },
      {
        key: "redirectUris",
        environmentSpecific: true,
        source: side("https://chat.acme.example/callback", at(yaml, "https://chat.acme.example/callback"), false),
        target: side("none", clientLoc, true),
        gains: ["https://chat.acme.example/callback"],
        loses: [],
      },
      { key: "tokenValiditySeconds", environmentSpecific: true, source: side("3600 s", at(yaml, "3600"), true), target: side("86400 s (provider default)", clientLoc, false), ...single },
      { key: "exposeSecret", environmentSpecific: true, source: side("false", clientLoc, false), target: side("true", at(yaml, "true, secretDirectory"), true), ...single },
      { key: "secretDirectory", environmentSpecific: true, source: side("none", clientLoc, false), target: side("'secrets'", at(yaml, "secrets"), true), ...single },
    ]);
  });

  it("reads the other direction with gains and losses swapped and the provider default on the source side", () => {
    const differences = compareClients(prod, dev);
    expect(differences.find((d) => d.key === "roles")).toMatchObject({ gains: ["Agent (home division)"], loses: ["Agent (all divisions)", "Supervisor (division 'Sales')"] });
    expect(differences.find((d) => d.key === "tokenValiditySeconds")).toEqual({
      key: "tokenValiditySeconds",
      environmentSpecific: true,
      source: { text: "86400 s (provider default)", loc: clientLoc, overridden: false },
      target: { text: "3600 s", loc: at(yaml, "3600"), overridden: true },
      gains: [],
      loses: [],
    });
    expect(differences.find((d) => d.key === "secretDirectory")).toMatchObject({ source: { text: "'secrets'" }, target: { text: "none" }, gains: [], loses: [] });
  });

  it("finds no difference between lists holding the same items in another order, nor between equal settings", () => {
    const reordered = load(
      config({
        clients: `widget:
  grant: CODE
  description: Chat widget
  capabilities: [web-messaging]
  scopes: [messaging, conversations]
  redirectUris: [https://a.acme.example/callback, https://b.acme.example/callback]
  roles: [{ role: Agent }, { role: Supervisor }]
  environments:
    dev: { scopes: [conversations, messaging], roles: [{ role: Supervisor }, { role: Agent }], redirectUris: [https://b.acme.example/callback, https://a.acme.example/callback], description: Chat widget }`,
      }),
    );
    expect(compareClients(clientOf(reordered, "dev", "widget"), clientOf(reordered, "prod", "widget"))).toEqual([]);
  });
});

describe("differenceLocation", () => {
  const source: SourceLocation = { file: "case.yaml", line: 10, column: 5 };
  const target: SourceLocation = { file: "case.yaml", line: 20, column: 5 };
  const difference = (sourceOverridden: boolean, targetOverridden: boolean): KeyDifference => ({
    key: "scopes",
    environmentSpecific: false,
    source: { text: "a", loc: source, overridden: sourceOverridden },
    target: { text: "b", loc: target, overridden: targetOverridden },
    gains: ["a"],
    loses: ["b"],
  });

  it.each([
    ["only the target overrides the setting", false, true, target],
    ["both override it (the target first)", true, true, target],
    ["neither overrides it", false, false, target],
    ["only the source overrides it", true, false, source],
  ])("points at the side that declares the difference when %s", (_, sourceOverridden, targetOverridden, expected) => {
    expect(differenceLocation(difference(sourceOverridden, targetOverridden))).toEqual(expected);
  });
});

describe("roleGrantText", () => {
  it.each([
    [{ kind: "home" } as const, "Bot Connector (home division)"],
    [{ kind: "all" } as const, "Bot Connector (all divisions)"],
    [{ kind: "name", name: "Sales" } as const, "Bot Connector (division 'Sales')"],
  ])("names the division of %j", (division, text) => {
    expect(roleGrantText("Bot Connector", division)).toBe(text);
  });
});

describe("promotionPositions", () => {
  it("orders nonprod environments by declaration, nearest first, and makes prod environments each other's peers", () => {
    const orgs = `${orgsYaml({ dev: {}, test: {}, stage: {}, prod: {} })}      prod-dr: { tier: prod, region: us-east-1, orgName: acme-dr, credentials: { clientIdEnv: ACME_DR_CLIENT_ID, clientSecretEnv: ACME_DR_CLIENT_SECRET } }\n`;
    const model = load(config({ orgs, clients: "widget:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]" }));
    const names = (orgs: readonly { environment: string }[]) => orgs.map((org) => org.environment);
    expect(promotionPositions(model).map((p) => ({ org: p.org.environment, earlier: names(p.earlier), laterOrPeers: names(p.laterOrPeers) }))).toEqual([
      { org: "dev", earlier: [], laterOrPeers: ["test", "stage", "prod", "prod-dr"] },
      { org: "test", earlier: ["dev"], laterOrPeers: ["stage", "prod", "prod-dr"] },
      { org: "stage", earlier: ["test", "dev"], laterOrPeers: ["prod", "prod-dr"] },
      { org: "prod", earlier: ["stage", "test", "dev"], laterOrPeers: ["prod-dr"] },
      { org: "prod-dr", earlier: ["stage", "test", "dev"], laterOrPeers: ["prod"] },
    ]);
  });
});

describe("notYetPromoted and lacksIn", () => {
  const yaml = config({
    clients: `widget:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]
  roles: [{ role: Agent }]
  state: inactive
  environments:
    dev: { capabilities: [web-messaging, analytics-export], scopes: [messaging, analytics], roles: [{ role: Agent, division: Sales }, { role: Supervisor }, { role: Supervisor, division: Sales }], rotation: 3 }`,
  });
  const model = load(yaml);
  const dev = clientOf(model, "dev", "widget");
  const prod = clientOf(model, "prod", "widget");

  it("lists each item the later environment lacks once, where the earlier one declares it; roles by name", () => {
    expect(notYetPromoted(dev, prod)).toEqual({
      capabilities: [{ value: "analytics-export", loc: at(yaml, "analytics-export") }],
      scopes: [{ value: "analytics", loc: at(yaml, "analytics]") }],
      // Supervisor once, though dev holds it on two divisions.
      roles: [{ value: "Supervisor", loc: at(yaml, "Supervisor") }],
      rotation: true,
      // Inactive in both: nothing to promote.
      state: false,
    });
    expect(notYetPromoted(prod, dev)).toEqual({ capabilities: [], scopes: [], roles: [], rotation: false, state: false });
  });

  it("counts an inactive later client as lacking only when the earlier one is active", () => {
    const active = load(config({ clients: "bot:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]\n  environments:\n    prod: { state: inactive }" }));
    expect(notYetPromoted(clientOf(active, "dev", "bot"), clientOf(active, "prod", "bot")).state).toBe(true);
    expect(notYetPromoted(clientOf(active, "prod", "bot"), clientOf(active, "dev", "bot")).state).toBe(false);
  });

  it.each<[ComparedKey, boolean, boolean]>([
    ["capabilities", true, false],
    ["scopes", true, false],
    ["roles", true, false],
    ["rotation", true, false],
    ["state", false, false],
    ["description", false, false],
    ["redirectUris", false, false],
    ["tokenValiditySeconds", false, false],
  ])("says whether %s lacks something: dev → prod %s, prod → dev %s", (key, forward, backward) => {
    expect(lacksIn(notYetPromoted(dev, prod), key)).toBe(forward);
    expect(lacksIn(notYetPromoted(prod, dev), key)).toBe(backward);
  });

  it("says a later inactive client lacks the earlier one's state", () => {
    const active = load(config({ clients: "bot:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-connector]\n  roles: [{ role: Bot Connector Integration }]\n  environments:\n    prod: { state: inactive }" }));
    expect(lacksIn(notYetPromoted(clientOf(active, "dev", "bot"), clientOf(active, "prod", "bot")), "state")).toBe(true);
  });
});

describe("extraGrants", () => {
  it("lists prod's extra scopes and roles, and all-divisions grants of roles nonprod holds on fewer, each where prod declares it", () => {
    const yaml = config({
      clients: `widget:
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging]
  redirectUris: [https://chat.acme.example/callback]
  roles: [{ role: Agent }, { role: Reporter, division: "*" }]
  environments:
    prod:
      scopes: [messaging, messaging:readonly]
      roles: [{ role: Agent, division: "*" }, { role: Reporter, division: "*" }, { role: Supervisor }, { role: Auditor, division: "*" }]`,
    });
    const model = load(yaml);
    const prodRoles = at(yaml, "roles: [{ role: Agent, division");
    const column = (text: string) => ({ ...prodRoles, column: yaml.split("\n")[prodRoles.line - 1]!.indexOf(text) + 1 });
    expect(extraGrants(clientOf(model, "dev", "widget"), clientOf(model, "prod", "widget"))).toEqual({
      scopes: [{ scope: "messaging:readonly", loc: at(yaml, "messaging:readonly") }],
      roles: [
        { role: "Supervisor", loc: column("Supervisor") },
        { role: "Auditor", loc: column(`"*" }]`) },
      ],
      wildcardDivisions: [{ role: "Agent", loc: column(`"*" }, { role: Reporter`) }],
    });
  });
});
