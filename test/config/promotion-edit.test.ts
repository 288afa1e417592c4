import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import { promoteInText, PromotionEditError } from "../../config/promotion-edit";
import { promotionOf, isUnchanged } from "../../policies/promotion";
import { BOT_CONNECTOR, config, orgsYaml, REPORTS_APP } from "../helpers";

/** Promotes dev to prod for tenant acme and checks the result loads and leaves nothing to promote. */
function promote(yaml: string, from = "dev", to = "prod") {
  const edit = promoteInText(yaml, from, to, ["acme"]);
  const loaded = loadConfigText("case.yaml", edit.text);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  expect(isUnchanged(promotionOf(loaded.model, "acme", from, to)!)).toBe(true);
  return edit;
}

/** Lines removed from and added to `before` to get `after`, as a minimal line diff. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

describe("promote --write edits the configuration text", () => {
  it("adds the target to a client's 'only' list, keeping the line's comment", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  only: [dev]   # staged rollout` });
    const edit = promote(yaml);
    expect(lineDiff(yaml, edit.text)).toEqual({ removed: ["        only: [dev]   # staged rollout"], added: ["        only: [dev, prod]   # staged rollout"] });
    expect(edit.applied).toEqual(["acme/bot-connector: added 'prod' to only"]);
  });

  it("adds the target to a block-style 'only' list", () => {
    const yaml = config({ orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), clients: `${BOT_CONNECTOR}\n  only:\n    - dev\n    - test` });
    expect(lineDiff(yaml, promote(yaml).text)).toEqual({ removed: [], added: ["          - prod"] });
  });

  it("moves a flow-style override of the source into the base declaration and drops the emptied 'environments'", () => {
    const yaml = config({ clients: `# the reports\n${REPORTS_APP}\n  environments:\n    dev: { scopes: [analytics:readonly, analytics] }  # trying it in dev` });
    const edit = promote(yaml);
    expect(lineDiff(yaml, edit.text)).toEqual({
      removed: ["        scopes: [analytics:readonly]", "        redirectUris: [https://reports.acme.example/callback]", "        environments:", "          dev: { scopes: [analytics:readonly, analytics] }  # trying it in dev"],
      added: ["        scopes: [analytics:readonly, analytics]", "        redirectUris: [https://reports.acme.example/callback]"],
    });
    expect(edit.text).toContain("# the reports");
  });

  it("moves a block-style override, re-indented, and keeps the source's other overrides", () => {
    const yaml = config({
      clients: `${BOT_CONNECTOR}
  environments:
    dev:
      roles:
        - role: Bot Connector Integration   # the connector's own role
          division: Bots
      tokenValiditySeconds: 3600`,
    });
    const edit = promote(yaml);
    expect(edit.text).toContain(`        roles:
          - role: Bot Connector Integration   # the connector's own role
            division: Bots
        environments:
          dev:
            tokenValiditySeconds: 3600
`);
  });

  it("keeps what the target declares for itself, promoted settings included, and says so", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev: { tokenValiditySeconds: 7200 }\n    prod: { rotation: 2, tokenValiditySeconds: 3600 }` });
    const edit = promote(yaml);
    expect(edit.text).toBe(yaml);
    expect(edit.applied).toEqual([]);
    expect(edit.leftAlone).toEqual(["acme/bot-connector: 'prod' declares its own rotation under environments.prod; kept as it is (change it there by hand if it should follow 'dev')"]);
  });

  it("adds to the target's own scopes, rotation and state what it lacks of the source's, and leaves lacking roles to a person", () => {
    const yaml = config({
      clients: `${REPORTS_APP}
  environments:
    dev: { scopes: [analytics:readonly, analytics, users:readonly], rotation: 2 }
    prod:
      scopes: [analytics:readonly]
      rotation: 1
      state: inactive
${BOT_CONNECTOR}
  environments:
    dev: { rotation: 2, roles: [{ role: Bot Connector Integration }, { role: Supervisor }] }
    prod:
      rotation: 2
      roles: [{ role: Bot Connector Integration, division: Bots EMEA }]`,
    });
    // Not the `promote` helper: the lacking role stays to be promoted, by hand.
    const edit = promoteInText(yaml, "dev", "prod", ["acme"]);
    expect(lineDiff(yaml, edit.text)).toEqual({
      removed: ["            scopes: [analytics:readonly]", "            rotation: 1", "            state: inactive"],
      added: ["            scopes: [analytics:readonly, analytics, users:readonly]", "            rotation: 2", "            state: active"],
    });
    expect(edit.applied).toEqual([
      "acme/reports: scopes in 'prod' (its own, under environments.prod) now also has analytics, users:readonly, as in 'dev'",
      "acme/reports: rotation in 'prod' (its own, under environments.prod) is now 2, as in 'dev'",
      "acme/reports: state in 'prod' (its own, under environments.prod) is now active, as in 'dev'",
    ]);
    expect(edit.leftAlone).toEqual([
      "acme/bot-connector: 'prod' declares its own roles under environments.prod and lacks Supervisor that 'dev' has: add it there by hand with a division of its org (promotion does not guess division names)",
    ]);
  });

  it("keeps a third environment as it was by pinning the old base value there", () => {
    const yaml = config({ orgs: orgsYaml({ dev: {}, test: {}, prod: {} }), clients: `${BOT_CONNECTOR}\n  environments:\n    dev:\n      rotation: 2` });
    const edit = promote(yaml);
    const after = loadConfigText("case.yaml", edit.text);
    if (!after.ok) throw new Error("does not load");
    const rotation = (environment: string) => after.model.environments.find((org) => org.environment === environment)!.oauthClients[0]!.rotation.value;
    expect([rotation("dev"), rotation("test"), rotation("prod")]).toEqual([2, 1, 2]);
  });

  it("keeps comment lines after a removed override, which belong to what follows", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  environments:\n    dev:\n      rotation: 2\n      # state: inactive\n\n# The widget, owned by the web team.\nwidget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [https://chat.acme.example/callback]` });
    const edit = promote(yaml);
    expect(lineDiff(yaml, edit.text)).toEqual({ removed: ["        environments:", "          dev:", "            rotation: 2"], added: ["        rotation: 2"] });
  });

  it("keeps CRLF line ends and a missing final line break", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  only:\n    - dev` }).trimEnd().replace(/\n/g, "\r\n");
    const edit = promote(yaml);
    expect(edit.text).toBe(`${yaml}\r\n          - prod`);
  });

  it("treats lists as sets: the same scopes in another order are nothing to promote", () => {
    const yaml = config({ clients: `${REPORTS_APP.replace("[analytics:readonly]", "[analytics:readonly, analytics]")}\n  environments:\n    prod: { scopes: [analytics, analytics:readonly] }` });
    expect(promote(yaml)).toEqual({ text: yaml, applied: [], leftAlone: [] });
  });

  it("changes nothing when the target already declares what the source does", () => {
    const yaml = config({ clients: BOT_CONNECTOR });
    expect(promote(yaml)).toEqual({ text: yaml, applied: [], leftAlone: [] });
  });

  it("never deletes a client only the target has, and says so", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  only: [prod]` });
    const edit = promoteInText(yaml, "dev", "prod", ["acme"]);
    expect(edit.text).toBe(yaml);
    expect(edit.leftAlone).toEqual([expect.stringContaining("acme/bot-connector: only in 'prod'")]);
  });

  it("refuses, rather than writes something else, when the client is built from YAML aliases", () => {
    const yaml = config({ clients: `${REPORTS_APP}\n  environments:\n    dev: &extra { scopes: [analytics:readonly, analytics] }\n    test: *extra` })
      .replace("    orgs:\n", "    orgs:\n      test: { tier: nonprod, region: eu-west-1, orgName: acme-test, credentials: { clientIdEnv: ACME_TEST_CLIENT_ID, clientSecretEnv: ACME_TEST_CLIENT_SECRET } }\n");
    expect(loadConfigText("case.yaml", yaml).ok).toBe(true);
    expect(() => promoteInText(yaml, "dev", "prod", ["acme"])).toThrow(PromotionEditError);
  });
});

describe("promote --write reads the configuration as the configuration reader does", () => {
  it("lifts the yaml library's alias-count limit: an anchor used more than 100 times is a located edit problem, never 'Excessive alias count'", () => {
    const yaml = config({ clients: [BOT_CONNECTOR.replace("bot-connector:", "bot-0: &bot"), ...Array.from({ length: 101 }, (_, i) => `bot-${i + 1}: *bot`)].join("\n") });
    expect(loadConfigText("case.yaml", yaml).ok).toBe(true);
    expect(() => promoteInText(yaml, "dev", "prod", ["acme"])).toThrow(PromotionEditError);
    expect(() => promoteInText(yaml, "dev", "prod", ["acme"])).not.toThrow(/alias count/);
  });

  it("reads merge keys: an 'only' merged in with '<<' is seen (and not edited blindly), not taken for no 'only'", () => {
    const yaml = config({ clients: `bot-connector:\n  <<: &staged { only: [dev] }\n${BOT_CONNECTOR.split("\n").slice(1).join("\n")}` });
    expect(() => promoteInText(yaml, "dev", "prod", ["acme"])).toThrow(/'only' comes from a merge key/);
  });

  it("reads merge keys: a client fully merged in from a shared anchor and already in the target writes nothing", () => {
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  only: [dev, prod]\nother:\n  <<: &base { grant: CLIENT-CREDENTIALS, capabilities: [bot-connector], roles: [{ role: Bot Connector Integration }] }` });
    const edit = promoteInText(yaml, "dev", "prod", ["acme"]);
    expect(edit.applied).toEqual([]);
    expect(edit.text).toBe(yaml);
  });
});
