import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../config/load";
import type { ScopegateModel } from "../../../model/model";
import { evaluateWithSkips } from "../../../policies/engine";
import uniqueNames from "../../../policies/rules/unique-names";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

/** Two clients of dev, both named 'bot-connector'. */
const NAMESAKES = config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: bot-connector")}\n  only: [dev]` });

/** The model with the name of client `key` marked unknown, as a scan leaves a computed name. */
const nameUnknown = (key: string) => (model: ScopegateModel): ScopegateModel => ({
  ...model,
  environments: model.environments.map((org) => ({ ...org, oauthClients: org.oauthClients.map((client) => (client.key === key ? { ...client, unknown: new Set(["name" as const]) } : client)) })),
});

testRule(uniqueNames, {
  valid: [
    { name: "clients with their own names", yaml: config({ clients: `${BOT_CONNECTOR}\n${BOT_CONNECTOR.replace("bot-connector:", "bot-connector-eu:")}` }) },
    { name: "a client whose name a scan could not read, beside a client of the name it may have (not compared)", yaml: NAMESAKES, mutate: nameUnknown("bot-two") },
    { name: "the same name in two different orgs", yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: bot-connector")}\n  only: [prod]` }) },
  ],
  invalid: [
    {
      name: "two clients with one Genesys name (compared without case)",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: Bot-Connector")}\n  only: [dev]` }),
      findings: [{ messageId: "duplicateName", at: "name: Bot-Connector", data: { client: "bot-two", name: "Bot-Connector", other: "bot-connector", stack: "acme-dev" } }],
    },
    {
      name: "two clients whose names differ only by spaces around them",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  only: [dev]\n${BOT_CONNECTOR.replace("bot-connector:", 'bot-two:\n  name: " bot-connector "')}\n  only: [dev]` }),
      findings: [{ messageId: "duplicateName", at: 'name: " bot-connector "', data: { client: "bot-two", name: " bot-connector ", other: "bot-connector" } }],
    },
    {
      name: "a name that collides with a rotation copy",
      yaml: config({ clients: `${BOT_CONNECTOR}\n  name: bot\n  rotation: 2\n  only: [prod]\n${BOT_CONNECTOR.replace("bot-connector:", "bot-two:\n  name: bot-2")}\n  only: [prod]` }),
      findings: [{ messageId: "duplicateName", at: "name: bot-2", data: { name: "bot-2", other: "bot-connector" } }],
    },
  ],
});

describe("unique-names on a scanned configuration", () => {
  it("says which clients it could not compare: those whose name is computed", () => {
    const loaded = loadConfigText("case.yaml", NAMESAKES);
    if (!loaded.ok) throw new Error("test setup: the case does not load");
    const { findings, skipped } = evaluateWithSkips(nameUnknown("bot-two")(loaded.model), { today: "2026-11-21", rules: [uniqueNames] });
    expect(findings).toEqual([]);
    expect(skipped).toEqual([
      {
        ruleId: "unique-names",
        reason: "OAuth clients whose name is computed (not literal, nor a variable's literal value) were not compared.",
        count: 1,
        file: "case.yaml",
        line: NAMESAKES.split("\n").indexOf("      bot-two:") + 1,
        column: 7,
      },
    ]);
  });
});
