import { describe, expect, it } from "vitest";
import { compareText, passes, sortFindings, summarize, type Finding } from "../../policies/finding";

function finding(props: Partial<Finding>): Finding {
  return {
    ruleId: "grant-shape",
    severity: "error",
    message: "Found.",
    messageId: "found",
    data: {},
    file: "scopegate.yaml",
    line: 1,
    column: 1,
    tenant: "acme",
    environment: "prod",
    target: "oauth-client/bot",
    waived: false,
    ...props,
  };
}

describe("sortFindings", () => {
  it("orders by file, line, column, rule, tenant, environment (the tenant's own first) and message, whatever the order given", () => {
    const sorted = [
      finding({ file: "a.yaml", line: 9 }),
      finding({ file: "b.yaml", line: 1, column: 1 }),
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "a-rule" }),
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "b-rule", tenant: "acme", environment: undefined }),
      // A scanned folder may name its environment with capitals or digits, which sort before lower case.
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "b-rule", tenant: "acme", environment: "Prod" }),
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "b-rule", tenant: "acme", environment: "dev", message: "A." }),
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "b-rule", tenant: "acme", environment: "dev", message: "B." }),
      finding({ file: "b.yaml", line: 1, column: 2, ruleId: "b-rule", tenant: "beta" }),
      finding({ file: "b.yaml", line: 2 }),
    ];
    for (const order of [sorted, [...sorted].reverse()]) {
      for (let i = 0; i < order.length; i++) expect(sortFindings([...order.slice(i), ...order.slice(0, i)])).toEqual(sorted);
    }
  });
});

describe("passes", () => {
  const summary = (errors: number, warnings: number) => ({ ...summarize([]), errors, warnings });

  it("fails on any unwaived error, and passes on warnings unless more than --max-warnings allows", () => {
    expect(passes(summary(0, 3))).toBe(true);
    expect(passes(summary(1, 0))).toBe(false);
    expect(passes(summary(1, 0), 5)).toBe(false);
    expect([1, 2, 3].map((max) => passes(summary(0, 2), max))).toEqual([false, true, true]);
    expect(passes(summary(0, 0), 0)).toBe(true);
  });
});

describe("compareText", () => {
  it("orders by code unit, whatever the machine's locale: capitals before lower case, '/' before letters", () => {
    expect(["b", "B", "a", "envs/prod", "envs\\dev", "Envs"].sort(compareText)).toEqual(["B", "Envs", "a", "b", "envs/prod", "envs\\dev"]);
  });
});
