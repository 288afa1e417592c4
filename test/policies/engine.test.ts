import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../config/model";
import { evaluate } from "../../policies/engine";
import { RULES } from "../../policies/registry";
import { defineRule, prodWaivabilityOf, prodWaivabilityProperties, unwaivableMessagesInProd } from "../../policies/rule";
import { BOT_CONNECTOR, config, run, tempDir } from "../helpers";
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

  it("gives the same findings in the same order on every run", () => {
    const model = modelOf(config({ clients: `${BOT_CONNECTOR.replace("bot:admin]", "bot:admin, users, mesaging]")}\n  tokenValiditySeconds: 600` }));
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
    const yaml = config({
      clients: BOT_CONNECTOR,
      top: "policy:\n  waivers:\n    - { rule: division-wildcard, tenant: acme, reason: accepted for the pilot run, owner: cx, expires: 2026-01-31 }",
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
