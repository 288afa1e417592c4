import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { operationCatalog } from "../../../policies/operations";
import scopeLists from "../../../policies/data/scopes.json";
import { INVENTED_SCOPES, lookupInvented } from "../../../policies/invented-scopes";
import knownScopes from "../../../policies/rules/known-scopes";
import { loadConfigText } from "../../../config/load";
import { CATALOG_SCOPES, scopeCatalogFor, typoOf } from "../../../policies/scope-catalog";
import { BOT_CONNECTOR, config, ROOT } from "../../helpers";
import { testRule } from "../rule-tester";

/** A CODE client with these scopes in `dev` only (nonprod). */
const withScopes = (scopes: string) => config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [${scopes}]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` });
/** The same client in `dev` (nonprod) and `prod` (prod): one finding per org. */
const inBothTiers = (scopes: string, top = "") =>
  config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [${scopes}]\n  redirectUris: [https://chat.acme.example/cb]`, top });

const BOT_INSTEAD =
  "bot connectors and bot-flow sessions use the 'textbots' family ('textbots', or 'textbots:readonly' to read); a CLIENT-CREDENTIALS client ignores scopes altogether: " +
  "the permissions of its roles decide ('integration:botconnector:view' and ':edit' for a Bot Connector integration, 'textbots:botFlowSession:execute' to start bot-flow sessions)";
const GUEST_INSTEAD =
  "none is needed: a web-messaging guest needs no OAuth client, as the Messenger session comes from the deployment id and the '/api/v2/webdeployments/token/*' " +
  "operations require no permissions (there is no '/api/v2/externalusers/guests' API); remove the scope";

testRule(knownScopes, {
  valid: [
    { name: "catalog scopes", yaml: withScopes("messaging, webdeployments:readonly") },
    { name: "scopes only the API definition and live orgs name (usage:readonly is not a typo of users:readonly)", yaml: inBothTiers("usage:readonly, gamification, data-privacy:readonly, logcapture, infrastructureascode:readonly") },
    {
      name: "a CLIENT-CREDENTIALS bot connector with the real scope family (textbots)",
      yaml: config({ clients: "bot-connector:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [bot-session]\n  scopes: [textbots]\n  roles: [{ role: Bot Connector Integration }]" }),
    },
    { name: "a scope declared under 'scopes.known'", yaml: withScopes("messaging, messaging:transcripts") + "scopes:\n  known: [messaging:transcripts]\n" },
    { name: "a misspelling-like name declared under 'scopes.known'", yaml: withScopes("messaging, mesaging") + "scopes:\n  known: [mesaging]\n" },
  ],
  invalid: [
    {
      name: "invented bot scopes from forum posts on a bot connector's client, as errors in nonprod and prod, with the real scope family and the permissions that decide for client credentials",
      yaml: config({ clients: BOT_CONNECTOR.replace("  roles:", "  scopes: [bot:platform, bot:admin]\n  roles:") }),
      findings: [
        { messageId: "inventedScope", at: "scopes: [bot:platform, bot:admin]", environment: "dev", severity: "error", data: { scope: "bot:platform", instead: BOT_INSTEAD } },
        { messageId: "inventedScope", at: "scopes: [bot:platform, bot:admin]", environment: "prod", severity: "error", data: { scope: "bot:platform", instead: BOT_INSTEAD } },
        { messageId: "inventedScope", at: "scopes: [bot:platform, bot:admin]", environment: "dev", severity: "error", data: { scope: "bot:admin", instead: BOT_INSTEAD } },
        { messageId: "inventedScope", at: "scopes: [bot:platform, bot:admin]", environment: "prod", severity: "error", data: { scope: "bot:admin", instead: BOT_INSTEAD } },
      ],
    },
    {
      name: "any name of the invented bot family, in any case, even under 'scopes.known'",
      yaml: withScopes("Bot:Sessions") + "scopes:\n  known: [Bot:Sessions]\n",
      findings: [{ messageId: "inventedScope", at: "scopes: [Bot:Sessions]", severity: "error", data: { scope: "Bot:Sessions", instead: BOT_INSTEAD } }],
    },
    {
      name: "invented guest-token scopes, with why a web-messaging guest needs no OAuth client",
      yaml: withScopes("externaluser:guest:create, externaluser:guest:read"),
      findings: [
        { messageId: "inventedScope", at: "scopes: [externaluser", severity: "error", data: { client: "widget", scope: "externaluser:guest:create", instead: GUEST_INSTEAD } },
        { messageId: "inventedScope", at: "scopes: [externaluser", severity: "error", data: { client: "widget", scope: "externaluser:guest:read", instead: GUEST_INSTEAD } },
      ],
    },
    {
      name: "invented read/write names, each with its real scope of the same access (read → :readonly, write → read-write)",
      yaml: withScopes("conversation:read, conversation:write, messaging:read, messaging:write, user:read, users:write, user:profile"),
      findings: [
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "conversation:read", instead: "conversations are the 'conversations' family: use 'conversations:readonly'" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "conversation:write", instead: "conversations are the 'conversations' family: use 'conversations' (read-write)" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "messaging:read", instead: "messaging-platform configuration uses 'messaging' and 'messaging:readonly': use 'messaging:readonly'" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "messaging:write", instead: "messaging-platform configuration uses 'messaging' and 'messaging:readonly': use 'messaging' (read-write)" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "user:read", instead: "users are the 'users' family: use 'users:readonly'" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "users:write", instead: "users are the 'users' family: use 'users' (read-write)" } },
        { messageId: "inventedScope", at: "scopes: [conversation:read", data: { scope: "user:profile", instead: "users are the 'users' family: use 'users' (read-write) or 'users:readonly'" } },
      ],
    },
    {
      name: "patterns, which are not scopes, with the catalog's scopes they match",
      yaml: withScopes("messaging:*, '*:readonly', bot:*"),
      findings: [
        { messageId: "patternScope", at: "scopes: [messaging:*", severity: "error", data: { scope: "messaging:*", instead: "name the scopes the client needs: 'messaging' or 'messaging:readonly'" } },
        { messageId: "patternScope", at: "scopes: [messaging:*", severity: "error", data: { scope: "*:readonly", instead: `name the scopes the client needs (it matches ${CATALOG_SCOPES.filter((scope) => scope.endsWith(":readonly")).length} scopes of the catalog)` } },
        { messageId: "inventedScope", at: "scopes: [messaging:*", severity: "error", data: { scope: "bot:*", instead: BOT_INSTEAD } },
      ],
    },
    {
      name: "patterns matching up to four known scopes by name, more by their number, and none as none",
      yaml: withScopes("messaging:*, textbots:*, nosuchfamily:*") + "scopes:\n  known: [messaging:transcripts, messaging:drafts, textbots:sessions, textbots:flows, textbots:logs]\n",
      findings: [
        { messageId: "patternScope", at: "scopes: [messaging:*", data: { scope: "messaging:*", instead: "name the scopes the client needs: 'messaging', 'messaging:drafts', 'messaging:readonly' or 'messaging:transcripts'" } },
        { messageId: "patternScope", at: "scopes: [messaging:*", data: { scope: "textbots:*", instead: "name the scopes the client needs (it matches 5 scopes of the catalog)" } },
        { messageId: "patternScope", at: "scopes: [messaging:*", data: { scope: "nosuchfamily:*", instead: "name the scopes the client needs (it matches no scope of the catalog)" } },
      ],
    },
    {
      name: "a misspelled family, as an error naming the scope meant",
      yaml: inBothTiers("mesaging"),
      findings: [
        { messageId: "misspelledScope", at: "scopes: [mesaging]", environment: "dev", severity: "error", data: { scope: "mesaging", suggestion: "messaging" } },
        { messageId: "misspelledScope", at: "scopes: [mesaging]", environment: "prod", severity: "error", data: { scope: "mesaging", suggestion: "messaging" } },
      ],
    },
    {
      name: "misspellings that keep read-only read-only, and a family never swapped for a near one (usage is not users)",
      yaml: withScopes("messaging:readonyl, usage:readonyl, conversation:readonly, Analytics"),
      findings: [
        { messageId: "misspelledScope", at: "scopes: [messaging:readonyl", data: { scope: "messaging:readonyl", suggestion: "messaging:readonly" } },
        { messageId: "misspelledScope", at: "scopes: [messaging:readonyl", data: { scope: "usage:readonyl", suggestion: "usage:readonly" } },
        { messageId: "misspelledScope", at: "scopes: [messaging:readonyl", data: { scope: "conversation:readonly", suggestion: "conversations:readonly" } },
        { messageId: "misspelledScope", at: "scopes: [messaging:readonyl", data: { scope: "Analytics", suggestion: "analytics" } },
      ],
    },
    {
      name: "a plausible name outside the catalog, as a warning in nonprod and prod with how to declare it",
      yaml: inBothTiers("messaging, messaging:transcripts"),
      findings: [
        { messageId: "unknownScope", at: "scopes: [messaging,", environment: "dev", severity: "warning", data: { client: "widget", scope: "messaging:transcripts" } },
        { messageId: "unknownScope", at: "scopes: [messaging,", environment: "prod", severity: "warning", data: { client: "widget", scope: "messaging:transcripts" } },
      ],
    },
    {
      name: "a name outside the catalog with no near known scope, as a warning",
      yaml: withScopes("messaging, conversation-widgets:superuser, messaging:rw"),
      findings: [
        { messageId: "unknownScope", at: "scopes: [messaging,", severity: "warning", data: { scope: "conversation-widgets:superuser" } },
        { messageId: "unknownScope", at: "scopes: [messaging,", severity: "warning", data: { scope: "messaging:rw" } },
      ],
    },
    {
      name: "a scope only a declared profile names (a profile does not make a scope exist)",
      yaml: withScopes("messaging, conversations:webmessaging") + "profiles:\n  web-messaging:\n    scopes: { require: [messaging:*], allow: [messaging:*, conversations:webmessaging] }\n",
      findings: [{ messageId: "unknownScope", at: "scopes: [messaging,", severity: "warning", data: { scope: "conversations:webmessaging" } }],
    },
    {
      name: "every message at a tier's lower severity: info stays info, warning makes errors warnings",
      yaml: inBothTiers("bot:platform, mesaging, messaging:transcripts", "policy:\n  tiers:\n    nonprod: { rules: { known-scopes: info } }\n    prod: { rules: { known-scopes: warning } }"),
      findings: [
        { messageId: "inventedScope", at: "scopes: [bot:platform", environment: "dev", severity: "info" },
        { messageId: "inventedScope", at: "scopes: [bot:platform", environment: "prod", severity: "warning" },
        { messageId: "misspelledScope", at: "scopes: [bot:platform", environment: "dev", severity: "info" },
        { messageId: "misspelledScope", at: "scopes: [bot:platform", environment: "prod", severity: "warning" },
        { messageId: "unknownScope", at: "scopes: [bot:platform", environment: "dev", severity: "info" },
        { messageId: "unknownScope", at: "scopes: [bot:platform", environment: "prod", severity: "warning" },
      ],
    },
  ],
});

describe("the scope catalog", () => {
  it("keeps the API definition's scopes equal to the scopes the operations catalog names", () => {
    expect(scopeLists.apiDefinition).toEqual([...new Set(operationCatalog().operations.flatMap((operation) => operation.scopes ?? []))].sort());
  });

  it("includes every list of scopes.json, and the names live orgs show are in the API definition", () => {
    for (const list of [scopeLists.apiDefinition, scopeLists.confirmed, scopeLists.likely, scopeLists.liveOrgs]) for (const scope of list) expect(CATALOG_SCOPES).toContain(scope);
    for (const scope of scopeLists.liveOrgs) expect(scopeLists.apiDefinition).toContain(scope);
  });

  it("does not load the operations catalog to know scope names", () => {
    for (const file of ["policies/scope-catalog.ts", "policies/invented-scopes.ts", "policies/rules/known-scopes.ts"]) {
      expect(fs.readFileSync(path.join(ROOT, file), "utf8"), file).not.toContain("api-operations");
    }
  });

  it("suggests a known scope only for an obvious typo of it", () => {
    expect(typoOf("mesaging", CATALOG_SCOPES)).toBe("messaging");
    expect(typoOf("messaging:readonyl", CATALOG_SCOPES)).toBe("messaging:readonly");
    expect(typoOf("messaging:", CATALOG_SCOPES)).toBe("messaging");
    expect(typoOf("analytic:readonly", CATALOG_SCOPES)).toBe("analytics:readonly");
    // usage is a family of its own: never a typo of users.
    expect(typoOf("usage:readonly", CATALOG_SCOPES)).toBeUndefined();
    expect(typoOf("usage:readonyl", CATALOG_SCOPES)).toBe("usage:readonly");
    expect(typoOf("usage:write", CATALOG_SCOPES)).toBeUndefined();
    // Never read-only for read-write or back, never a qualifier added or dropped.
    expect(typoOf("messaging:rw", CATALOG_SCOPES)).toBeUndefined();
    expect(typoOf("messaging:read", CATALOG_SCOPES)).toBeUndefined();
    expect(typoOf("messaging:transcripts", CATALOG_SCOPES)).toBeUndefined();
    expect(typoOf("mesaging", ["messaging:readonly"])).toBeUndefined();
    expect(typoOf("messaging:readonly", ["messaging"])).toBeUndefined();
    // Short families take no edit; two equally near candidates are no obvious typo.
    expect(typoOf("fxa", CATALOG_SCOPES)).toBeUndefined();
    expect(typoOf("grup", ["grap", "grip"])).toBeUndefined();
  });

  it("takes a letter added, dropped, changed or two neighbours swapped as one edit: one for a family of 4 to 7 letters, two from 8", () => {
    const known = ["user", "groups", "contacts", "messaging"];
    for (const [input, meant] of [["usr", "user"], ["uesr", "user"], ["suer", "user"], ["usre", "user"], ["grops", "groups"], ["gropus", "groups"], ["cnotact", "contacts"], ["mesagign", "messaging"]]) {
      expect(typoOf(input, known), input).toBe(meant);
    }
    for (const input of ["grps", "rgops", "seer", "cnotac", "ctooacts", "msagign"]) expect(typoOf(input, known), input).toBeUndefined();
  });

  it("counts a qualifier's edits with its family's, two at most in all, and suggests the nearest of several", () => {
    const known = ["groups:abcd", "groups:readonly"];
    expect(typoOf("groups:abxy", known)).toBe("groups:abcd");
    expect(typoOf("grops:abcx", known)).toBe("groups:abcd");
    expect(typoOf("groups:axyz", known)).toBeUndefined();
    expect(typoOf("grops:abxy", known)).toBeUndefined();
    // Two edits from 'readonly' is still read-only; read-only is never suggested as anything else.
    expect(typoOf("groups:readnoy", known)).toBe("groups:readonly");
    expect(typoOf("groups:readonl", ["groups:readon"])).toBeUndefined();
    expect(typoOf("groups:abcd", ["groups:abxx", "groups:abcx"])).toBe("groups:abcx");
    expect(typoOf("groups:abcd", ["groups:abcx", "groups:abxx"])).toBe("groups:abcx");
  });

  it("never suggests another family for a family it knows, whatever the case", () => {
    expect(typoOf("userz:readonly", ["users:readonly", "userz"])).toBeUndefined();
    expect(typoOf("userz:readonly", ["users:readonly", "USERZ"])).toBeUndefined();
    expect(typoOf("userx:readonly", ["users:readonly", "userz"])).toBe("users:readonly");
  });

  it("lists the scopes a pattern matches, sorted, those of 'scopes.known' among them, and none for a scope that is no pattern", () => {
    const loaded = loadConfigText("scopegate.yaml", inBothTiers("analytics", "scopes:\n  known: [analytics:aaa, zeta:readonly]"));
    if (!loaded.ok) throw new Error("test setup: the configuration does not load");
    const catalog = scopeCatalogFor(loaded.model);
    expect(catalog.matching("analytics:*")).toEqual(["analytics", "analytics:aaa", "analytics:readonly"]);
    expect(catalog.matching("analytics")).toEqual([]);
    expect(catalog.has("zeta:readonly")).toBe(true);
  });
});

describe("the invented-scope table", () => {
  it("names no scope of the catalog, and says for each entry what to do and where the facts come from", () => {
    for (const scope of CATALOG_SCOPES) expect(lookupInvented(scope), scope).toBeUndefined();
    for (const entry of INVENTED_SCOPES) {
      expect(entry.instead).toMatch(/^[a-z].*[^.]$/);
      expect(entry.source).not.toContain("\n");
      expect(entry.source.length).toBeGreaterThan(20);
    }
  });

  it("covers the names forum posts use, in any case, and the whole bot, externaluser and user families", () => {
    for (const name of ["bot:platform", "bot:admin", "bot:*", "BOT:PLATFORM", "externaluser:guest:create", "externaluser:guest:read", "externaluser:*", "conversation:read", "conversation:write", "messaging:read", "messaging:write", "user:read", "user:*", "users:read", "users:write"]) {
      expect(lookupInvented(name), name).toBeDefined();
    }
    expect(lookupInvented("user:read")?.instead).toContain("'users:readonly'");
    expect(lookupInvented("users:write")?.instead).toMatch(/use 'users' \(read-write\)$/);
    for (const name of ["textbots", "users", "user-basic-info", "user-recordings:readonly", "conversations", "messaging:readonly"]) expect(lookupInvented(name), name).toBeUndefined();
  });
});
