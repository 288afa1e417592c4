import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { evaluate, evaluateWithSkips } from "../../policies/engine";
import { RULES } from "../../policies/registry";
import type { Rule, RuleInput } from "../../policies/rule";
import { defineRule, prodWaivabilityOf, prodWaivabilityProperties, unwaivableMessagesInProd } from "../../policies/rule";
import type { TfModule, TfPlan } from "../../model/terraform";
import { BOT_CONNECTOR, BOT_CONNECTOR_ROLE, config, orgsYaml, run, tempDir } from "../helpers";
import * as fs from "node:fs";
import * as path from "node:path";

function modelOf(yaml: string): ScopegateModel {
  const loaded = loadConfigText("engine.yaml", yaml);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  return loaded.model;
}

const throwing = defineRule({
  id: "division-wildcard",
  description: "A rule that fails.",
  severity: { nonprod: "warning", prod: "warning" },
  messages: { never: "Never reported." },
  check() {
    throw new Error("boom");
  },
});

describe("the engine", () => {
  it("turns a rule that throws into an error finding of that rule, which no waiver accepts", () => {
    const model = modelOf(
      config({
        clients: BOT_CONNECTOR,
        top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2099-12-31 }",
      }),
    );
    const findings = evaluate(model, { today: "2026-11-21", rules: [throwing, ...RULES.filter((rule) => rule.phase === "waivers")] });
    const failure = findings.find((finding) => finding.messageId === "ruleFailed");
    expect(failure).toMatchObject({ ruleId: "division-wildcard", severity: "error", waived: false, target: "configuration", line: 1, column: 1 });
    expect(failure?.message).toBe("Rule 'division-wildcard' could not check this configuration (boom); this is a bug in scopegate, please report it.");
  });

  it("puts a rule's failure on the first tenant, with the reason as its data, or on no tenant for a model without any", () => {
    const model = modelOf(config({ clients: BOT_CONNECTOR }));
    const failureIn = (m: ScopegateModel) => evaluate(m, { today: "2026-11-21", rules: [throwing] }).map((f) => [f.tenant, f.environment, f.data]);
    expect(failureIn(model)).toEqual([["acme", undefined, { reason: "boom" }]]);
    expect(failureIn({ ...model, tenants: [] })).toEqual([["", undefined, { reason: "boom" }]]);
  });

  it("turns a report of a message the rule does not declare into a failure of that rule", () => {
    const undeclared = defineRule({
      id: "division-wildcard",
      description: "A rule that reports a message it does not declare.",
      severity: { nonprod: "warning", prod: "warning" },
      messages: { declared: "Declared." },
      check({ model, report }) {
        const org = model.environments[0];
        report({ messageId: "undeclared" as "declared", at: org.loc, scope: org, target: "org" });
      },
    });
    const findings = evaluate(modelOf(config({ clients: BOT_CONNECTOR })), { today: "2026-11-21", rules: [undeclared] });
    expect(findings.map((f) => f.data)).toEqual([{ reason: "rule 'division-wildcard' reported unknown message id 'undeclared'" }]);
  });

  it("keeps one note per rule and reason of what rules could not check: where it first applied and how often, sorted by rule, then reason", () => {
    const at = (line: number) => ({ file: "main.tf", line, column: 1 });
    const skipping = (id: string, skips: readonly (readonly [string, number])[]) =>
      defineRule({
        id,
        description: "A rule that cannot check some things.",
        severity: { nonprod: "error", prod: "error" },
        messages: { never: "Never reported." },
        check({ skip }) {
          for (const [reason, line] of skips) skip(reason, at(line));
        },
      });
    const notesOf = (rules: Rule[]) => evaluateWithSkips(modelOf(config({ clients: BOT_CONNECTOR })), { today: "2026-11-21", rules }).skipped;
    const expected = [
      { ruleId: "a-rule", reason: "Late reason.", count: 1, file: "main.tf", line: 7, column: 1 },
      { ruleId: "ab-rule", reason: "Early reason.", count: 1, file: "main.tf", line: 8, column: 1 },
      { ruleId: "b-rule", reason: "Alpha.", count: 1, file: "main.tf", line: 2, column: 1 },
      { ruleId: "b-rule", reason: "Zeta.", count: 3, file: "main.tf", line: 1, column: 1, alsoAt: [at(3), at(4)] },
    ];
    const b = skipping("b-rule", [["Zeta.", 1], ["Alpha.", 2], ["Zeta.", 3], ["Zeta.", 4]]);
    const a = skipping("a-rule", [["Late reason.", 7]]);
    const ab = skipping("ab-rule", [["Early reason.", 8]]);
    expect(notesOf([b, ab, a])).toEqual(expected);
    expect(notesOf([a, ab, b])).toEqual(expected);
  });

  it("names at most three places a note applied, each once", () => {
    const at = (line: number) => ({ file: "main.tf", line, column: 1 });
    const rule = defineRule({
      id: "r",
      description: "A rule that cannot check some things.",
      severity: { nonprod: "error", prod: "error" },
      messages: { never: "Never reported." },
      check({ skip }) {
        for (const line of [5, 5, 6, 5, 7, 8, 9]) skip("Why.", at(line));
      },
    });
    const { skipped } = evaluateWithSkips(modelOf(config({ clients: BOT_CONNECTOR })), { today: "2026-11-21", rules: [rule] });
    expect(skipped).toEqual([{ ruleId: "r", reason: "Why.", count: 7, ...at(5), alsoAt: [at(6), at(7)] }]);
  });
});

describe("rules of the waivers phase", () => {
  it("run once, after the model's rules and waivers, with every waiver's use, and their findings are not waived", () => {
    const uses: number[] = [];
    const afterWaivers = defineRule({
      id: "division-wildcard",
      description: "A rule of the waivers phase that reports each org and counts the waiver uses it was given.",
      severity: { nonprod: "warning", prod: "warning" },
      phase: "waivers",
      messages: { seen: "Saw '{{stack}}'." },
      check({ model, report, waiverUses }) {
        uses.push(waiverUses.length);
        for (const org of model.environments) report({ messageId: "seen", data: { stack: org.stackName }, at: org.orgName.loc, scope: org, target: "org" });
      },
    });
    const model = modelOf(
      config({
        clients: BOT_CONNECTOR,
        top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2099-12-31 }",
      }),
    );
    const beforeWaivers = defineRule({ ...afterWaivers, id: "least-privilege", phase: "model" });
    const findings = evaluate(model, { today: "2026-11-21", rules: [afterWaivers, beforeWaivers] });
    expect(findings.filter((f) => f.ruleId === "division-wildcard").map((f) => [f.message, f.waived])).toEqual([
      ["Saw 'acme-dev'.", false],
      ["Saw 'acme-prod'.", false],
    ]);
    // The model phase runs first, before any waiver is applied: it sees no waiver use.
    expect(uses).toEqual([0, 1]);
  });
});

describe("a waived finding", () => {
  it("names the waiver that accepted it (not an expired one before it): owner, reason, expiry and index", () => {
    const model = modelOf(
      config({
        clients: BOT_CONNECTOR,
        top: [
          "policy:",
          "  waivers:",
          "    - { rule: division-wildcard, tenant: acme, reason: the pilot run before, owner: ops, expires: 2026-01-31 }",
          "    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2099-12-31 }",
        ].join("\n"),
      }),
    );
    const findings = evaluate(model, { today: "2026-11-21", rules: [partlyWaivable] });
    expect(findings.filter((f) => f.waived).map((f) => [f.environment, f.messageId, f.waiver])).toEqual([
      ["dev", "fixable", { owner: "cx", reason: "accepted for the pilot run", expires: "2099-12-31", index: 1 }],
      ["dev", "structural", { owner: "cx", reason: "accepted for the pilot run", expires: "2099-12-31", index: 1 }],
      ["prod", "fixable", { owner: "cx", reason: "accepted for the pilot run", expires: "2099-12-31", index: 1 }],
    ]);
  });

  it("gives the same findings in the same order on every run", () => {
    const model = modelOf(config({ clients: `${BOT_CONNECTOR.replace("  roles:", "  scopes: [bot:platform, users, mesaging]\n  roles:")}\n  tokenValiditySeconds: 600` }));
    const first = evaluate(model, { today: "2026-11-21" });
    expect(first.length).toBeGreaterThan(3);
    expect(evaluate(model, { today: "2026-11-21" })).toEqual(first);
  });
});

/** Reports `fixable` and `structural` in every org; only `structural` findings are refused waivers in prod. */
const partlyWaivable = defineRule({
  id: "division-wildcard",
  description: "A rule with one message no waiver accepts in prod.",
  severity: { nonprod: "error", prod: "error" },
  unwaivableInProd: ["structural"],
  messages: { fixable: "Fixable in '{{stack}}'.", structural: "Structural in '{{stack}}'." },
  check({ model, report }) {
    for (const org of model.environments) {
      for (const messageId of ["fixable", "structural"] as const) report({ messageId, data: { stack: org.stackName }, at: org.orgName.loc, scope: org, target: "org" });
    }
  },
});

describe("waivers of a rule with some messages not waivable in prod", () => {
  const waiverPhase = RULES.filter((rule) => rule.phase === "waivers");
  const model = modelOf(
    config({
      clients: BOT_CONNECTOR,
      top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2099-12-31 }",
    }),
  );
  const findings = evaluate(model, { today: "2026-11-21", rules: [partlyWaivable, ...waiverPhase] });

  it("accepts every finding in nonprod and the waivable message's in prod, and refuses the others in prod", () => {
    const outcome = findings.filter((finding) => finding.ruleId === "division-wildcard").map((finding) => [finding.environment, finding.messageId, finding.waived]);
    expect(outcome).toEqual([
      ["dev", "fixable", true],
      ["dev", "structural", true],
      ["prod", "fixable", true],
      ["prod", "structural", false],
    ]);
  });

  it("records the refused finding, so unused-waiver says why the waiver did not apply in prod", () => {
    const unused = findings.filter((finding) => finding.ruleId === "unused-waiver");
    expect(unused.map((finding) => [finding.messageId, finding.data.stack])).toEqual([["refusedInProd", "acme-prod"]]);
  });

  it("classifies rules as waivable in prod, not, or partly", () => {
    expect([throwing, partlyWaivable].map(prodWaivabilityOf)).toEqual(["yes", "partly"]);
    expect(new Set(waiverPhase.map(prodWaivabilityOf))).toEqual(new Set(["no"]));
    expect(prodWaivabilityOf(defineRule({ ...partlyWaivable, unwaivableInProd: ["fixable", "structural"] }))).toBe("no");
    expect(unwaivableMessagesInProd(defineRule({ ...partlyWaivable, waivableInProd: false }))).toEqual(["fixable", "structural"]);
    expect(prodWaivabilityProperties(partlyWaivable)).toEqual({ waivableInProd: "partly", unwaivableInProdMessages: ["structural"] });
    expect(prodWaivabilityProperties(throwing)).toEqual({ waivableInProd: true });
  });

  it("names only declared messages as unwaivable (a typo fails to compile)", () => {
    defineRule({
      ...partlyWaivable,
      // @ts-expect-error 'structual' is not one of the rule's message ids
      unwaivableInProd: ["structual"],
    });
  });
});

describe("check --env keeps what the whole check would fail on", () => {
  it("keeps a tenant-wide expired waiver's finding when one environment is selected", async () => {
    const dir = tempDir();
    // The bot connector's role declared, so every rule checks the client: the expired waiver is the only finding.
    const yaml = config({
      clients: BOT_CONNECTOR,
      top: `${BOT_CONNECTOR_ROLE}\npolicy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2026-01-31 }`,
    });
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    const whole = await run(["check", "--format", "json"], { cwd: dir, today: "2026-11-21" });
    const prodOnly = await run(["check", "--format", "json", "--env", "prod"], { cwd: dir, today: "2026-11-21" });
    expect(whole.code).toBe(1);
    expect(prodOnly.code).toBe(1);
    expect(JSON.parse(prodOnly.stdout).findings).toEqual([expect.objectContaining({ ruleId: "expired-waiver", severity: "error", environment: null })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("waiver matching", () => {
  /** The bot connector on all divisions in dev and prod, and a second client likewise: division-wildcard reports each. */
  const wildcard = (key: string) => `${BOT_CONNECTOR.replace("bot-connector:", `${key}:`).replace("{ role: Bot Connector Integration }", `{ role: Bot Connector Integration, division: "*" }`)}`;
  const clients = `${wildcard("bot-connector")}\n${wildcard("bot-relay")}`;
  const waived = (waiver: string, today = "2026-11-21") =>
    evaluate(modelOf(config({ clients, top: `policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, ${waiver}reason: accepted for the pilot run, owner: cx }` })), { today })
      .filter((finding) => finding.ruleId === "division-wildcard")
      .map((finding) => `${finding.environment} ${finding.target} ${finding.waived ? "waived" : "counts"}`)
      .sort();

  it("a waiver for environment dev waives the dev findings and not the prod ones", () => {
    expect(waived("environment: dev, expires: 2099-12-31, ")).toEqual([
      "dev oauth-client/bot-connector waived",
      "dev oauth-client/bot-relay waived",
      "prod oauth-client/bot-connector counts",
      "prod oauth-client/bot-relay counts",
    ]);
  });

  it("a waiver for one client waives that client's findings and not another client's", () => {
    expect(waived("client: bot-relay, expires: 2099-12-31, ")).toEqual([
      "dev oauth-client/bot-connector counts",
      "dev oauth-client/bot-relay waived",
      "prod oauth-client/bot-connector counts",
      "prod oauth-client/bot-relay waived",
    ]);
  });

  it("a waiver for one client in one environment waives that one finding", () => {
    expect(waived("environment: prod, client: bot-connector, expires: 2099-12-31, ").filter((outcome) => outcome.endsWith("waived"))).toEqual(["prod oauth-client/bot-connector waived"]);
  });

  it("an expired waiver waives nothing: every finding it waived counts again", () => {
    expect(waived("expires: 2026-11-20, ")).toEqual([
      "dev oauth-client/bot-connector counts",
      "dev oauth-client/bot-relay counts",
      "prod oauth-client/bot-connector counts",
      "prod oauth-client/bot-relay counts",
    ]);
    expect(waived("expires: 2026-11-21, ").every((outcome) => outcome.endsWith("waived"))).toBe(true);
  });
});

describe("the tier of a finding about a whole tenant", () => {
  /** An expired waiver for every environment of acme: expired-waiver's finding is about the tenant, not one org. */
  const tenantWide = (orgs: string) =>
    evaluate(
      modelOf(
        config({
          clients: BOT_CONNECTOR,
          orgs,
          top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2026-01-31 }",
        }),
      ),
      { today: "2026-11-21" },
    ).filter((finding) => finding.ruleId === "expired-waiver");

  it("is prod when the tenant has a prod-tier org: the finding has prod's severity", () => {
    expect(tenantWide(orgsYaml({ dev: {}, prod: {} })).map((finding) => [finding.environment, finding.severity])).toEqual([[undefined, "error"]]);
  });

  it("is prod even when a nonprod environment is named 'undefined'", () => {
    expect(tenantWide(orgsYaml({ undefined: {}, prod: {} })).map((finding) => [finding.environment, finding.severity])).toEqual([[undefined, "error"]]);
  });

  it("is nonprod when every org of the tenant is nonprod: the finding has nonprod's severity", () => {
    expect(tenantWide(orgsYaml({ dev: {}, test: {} })).map((finding) => [finding.environment, finding.severity])).toEqual([[undefined, "warning"]]);
  });
});

describe("rules that need Terraform as written or a plan", () => {
  /** Reports once per org; `needs` as given. */
  const needing = (needs: readonly RuleInput[]) =>
    defineRule({
      id: "destructive-change",
      description: "A rule that needs some input.",
      severity: { nonprod: "error", prod: "error" },
      needs,
      messages: { ran: "Ran on '{{stack}}'." },
      check({ model, report }) {
        for (const org of model.environments) report({ messageId: "ran", data: { stack: org.stackName }, at: org.loc, scope: org, target: "org" });
      },
    });
  /** A scan's model: a configuration's orgs, with what the scan read (its blocks do not matter to these rules). */
  const configuration = modelOf(config({ clients: BOT_CONNECTOR }));
  const module = (file: string): TfModule => ({ label: file, format: "hcl", files: [file], blocks: [] });
  const scanned = (modules: readonly TfModule[], plans: readonly TfPlan[]): ScopegateModel => ({ ...configuration, terraform: { modules, plans } });
  const plan: TfPlan = { file: "plan.json", configuration: module("plan.json"), changes: [] };
  const outcome = (model: ScopegateModel, needs: readonly RuleInput[]) => {
    const { findings, skipped } = evaluateWithSkips(model, { today: "2026-11-21", rules: [needing(needs)] });
    return { ran: findings.map((finding) => finding.message), notes: skipped.map((note) => `${note.file}:${note.line} ${note.reason}`) };
  };
  const RAN = ["Ran on 'acme-dev'.", "Ran on 'acme-prod'."];

  it("do not run on a configuration, and leave no note (they do not apply to one)", () => {
    expect(outcome(configuration, ["terraform"])).toEqual({ ran: [], notes: [] });
    expect(outcome(configuration, ["plan"])).toEqual({ ran: [], notes: [] });
  });

  it("a rule that needs a plan does not run on a scan without one, and says nothing of it (no news on every HCL scan)", () => {
    expect(outcome(scanned([module("main.tf"), module("other.tf")], []), ["plan"])).toEqual({ ran: [], notes: [] });
  });

  it("a rule that needs a plan runs on a scanned plan", () => {
    expect(outcome(scanned([], [plan]), ["plan"])).toEqual({ ran: RAN, notes: [] });
    expect(outcome(scanned([module("main.tf")], [plan]), ["terraform", "plan"])).toEqual({ ran: RAN, notes: [] });
  });

  it("a rule that needs Terraform does not run on a scan that read no file and no plan", () => {
    expect(outcome(scanned([], []), ["terraform"])).toEqual({ ran: [], notes: [] });
    expect(outcome(scanned([], []), ["plan"])).toEqual({ ran: [], notes: [] });
  });

  it("a rule that needs Terraform as written runs on scanned files, and on a plan (its configuration)", () => {
    expect(outcome(scanned([module("main.tf")], []), ["terraform"])).toEqual({ ran: RAN, notes: [] });
    expect(outcome(scanned([], [plan]), ["terraform"])).toEqual({ ran: RAN, notes: [] });
  });
});
