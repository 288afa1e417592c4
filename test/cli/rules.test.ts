import { describe, expect, it } from "vitest";
import { run } from "../helpers";

describe("scopegate rules", () => {
  it("says per rule whether its prod findings can be waived: yes, no, or partly", async () => {
    const result = await run(["rules"]);
    expect(result.code).toBe(0);
    const column = (id: string) => new RegExp(`^${id}\\s+(error|warning|info)\\s+(error|warning|info)\\s+(\\S+)\\s`, "m").exec(result.stdout)?.[3];
    expect(result.stdout).toMatch(/^RULE\s+NONPROD\s+PROD\s+WAIVABLE IN PROD\s+RUNS ON\s+CHECKS/);
    expect(result.stdout).toMatch(/^destructive-change\s+warning\s+error\s+yes\s+scan of a plan\s+A plan deletes/m);
    expect(result.stdout).toMatch(/^required-scopes\s+error\s+error\s+yes\s+check, scan\s+An OAuth client/m);
    expect(["division-wildcard", "secret-exposure", "env-isolation", "unused-waiver"].map(column)).toEqual(["yes", "no", "partly", "no"]);
  });

  it("lists the same in JSON, with the messages whose prod findings no waiver accepts", async () => {
    const result = await run(["rules", "--format", "json"]);
    const rules = JSON.parse(result.stdout).rules as { id: string; waivableInProd: boolean | "partly"; unwaivableInProdMessages?: string[] }[];
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    expect(byId.get("division-wildcard")).toMatchObject({ waivableInProd: true });
    expect(byId.get("secret-exposure")).toMatchObject({ waivableInProd: false });
    expect(byId.get("env-isolation")).toMatchObject({ waivableInProd: "partly", unwaivableInProdMessages: ["sharedCredentials", "sharedState"] });
    expect(byId.get("secret-exposure")).not.toHaveProperty("unwaivableInProdMessages");
    expect(byId.get("required-scopes")).toMatchObject({ runsOn: ["check", "scan"] });
    expect(byId.get("provider-schema")).toMatchObject({ runsOn: ["scan"] });
    expect(byId.get("destructive-change")).toMatchObject({ runsOn: ["scan of a plan"] });
  });
});
