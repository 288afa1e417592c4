import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import { evaluateWithSkips } from "../../policies/engine";
import { config } from "../helpers";

/** Problems of a configuration as `line:column message`, or the model when it loads. */
function problemsOf(yaml: string): string[] {
  const loaded = loadConfigText("case.yaml", yaml);
  return loaded.ok ? [] : loaded.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

const EXPORT = `export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [conversation-export]\n  roles: [{ role: Export }]`;

describe("roles as code: what the loader refuses (exit 2, at the line)", () => {
  it("two roles whose names differ only in case, and a grant naming a declared role in another case", () => {
    const yaml = config({ clients: EXPORT.replace("role: Export", "role: EXPORT"), top: "roles:\n  Export:\n    permissions: [analytics:conversationDetail:view]\n  export:\n    permissions: [analytics:conversationDetail:view]" });
    const problems = problemsOf(yaml);
    expect(problems).toContainEqual(expect.stringMatching(/^23:3 Role 'export' differs from role 'Export' only in case/));
    expect(problems).toContainEqual(expect.stringMatching(/^19:25 Role 'EXPORT' is declared under 'roles:' as 'Export'; expected the name as declared/));
  });

  it("a role scopegate would create with the name of a built-in role, unless it says existing: true", () => {
    const top = (extra: string) => `roles:\n  Master Admin:\n${extra}    permissions: [analytics:conversationDetail:view]`;
    expect(problemsOf(config({ clients: EXPORT, top: top("") }))).toEqual([expect.stringMatching(/^21:3 Role 'Master Admin' is the built-in role 'Master Admin', which every org already has; expected 'existing: true'/)]);
    expect(problemsOf(config({ clients: EXPORT, top: top("    existing: true\n") }))).toEqual([]);
    expect(problemsOf(config({ clients: EXPORT, top: "roles:\n  employee:\n    permissions: [directory:user:view]" }))).toEqual([expect.stringMatching(/built-in role 'Employee'/)]);
  });

  it("a condition naming a queue or a user by id (ids differ per org), while a scalar condition is fine", () => {
    const policy = (operand: string) =>
      `roles:\n  Queue Reader:\n    permissionPolicies:\n      - domain: routing\n        entity: queue\n        actions: [view]\n        conditions: { conjunction: AND, terms: [{ variableName: Queue.id, operator: EQ, operands: [${operand}] }] }`;
    expect(problemsOf(config({ clients: EXPORT, top: policy("{ type: QUEUE, queueId: 5e1b3d6a-0000-4000-8000-000000000001 }") }))).toEqual([
      expect.stringMatching(/^26:\d+ A role condition names a queue by id; ids differ from org to org/),
    ]);
    expect(problemsOf(config({ clients: EXPORT, top: policy("{ type: USER, userId: u-1 }") }))).toEqual([expect.stringMatching(/names a user by id/)]);
    expect(problemsOf(config({ clients: EXPORT, top: policy("{ type: SCALAR, value: support }") }))).toEqual([]);
  });

  it("permissions that are not three non-empty parts", () => {
    for (const permission of ["analytics::view", "analytics:view", "analytics"]) {
      expect(problemsOf(config({ clients: EXPORT, top: `roles:\n  Export:\n    permissions: ["${permission}"]` })), permission).toEqual([expect.stringMatching(/is not 'domain:entity:action'/)]);
    }
  });

  it("a role problem is reported even when another part of the file has schema problems", () => {
    const yaml = config({ clients: EXPORT, top: 'roles:\n  Export:\n    permissions: ["analytics:view"]' }).replace("region: eu-west-1", "region: europe");
    const problems = problemsOf(yaml);
    expect(problems).toContainEqual(expect.stringMatching(/region/));
    expect(problems).toContainEqual(expect.stringMatching(/Permission 'analytics:view' of role 'Export' is not 'domain:entity:action'/));
  });
});

describe("roles whose permissions are not all known", () => {
  const verdicts = (yaml: string) => {
    const loaded = loadConfigText("case.yaml", yaml);
    if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join("\n"));
    const { findings, skipped } = evaluateWithSkips(loaded.model, { today: "2026-11-21" });
    return { errors: findings.filter((finding) => finding.ruleId === "required-scopes").map((finding) => finding.messageId), skipped: skipped.filter((note) => note.ruleId === "required-scopes").length };
  };

  it("an existing role declared without permissions holds something unknown: a skip note, never a 403", () => {
    expect(verdicts(config({ clients: EXPORT, top: "roles:\n  Export:\n    existing: true" }))).toEqual({ errors: [], skipped: 1 });
  });

  it("an existing role declared with an empty list holds nothing: the 403 is reported", () => {
    expect(verdicts(config({ clients: EXPORT, top: "roles:\n  Export:\n    existing: true\n    permissions: []" }))).toEqual({ errors: ["operationNotPermitted", "operationNotPermitted"], skipped: 0 });
  });
});

describe("operations in a flow list", () => {
  it("say that a path parameter inside [ ] needs quotes, once for the line", () => {
    const problems = problemsOf(config({ clients: EXPORT, top: "profiles:\n  bots:\n    operations: [GET /api/v2/users/{userId}, GET /api/v2/users]" }));
    expect(problems).toEqual([expect.stringMatching(/^22:\d+ Malformed YAML: .* An API path with a '\{parameter\}' inside '\[ \]' must be quoted/)]);
    expect(problemsOf(config({ clients: EXPORT, top: 'profiles:\n  bots:\n    operations: ["GET /api/v2/users/{userId}"]\nroles:\n  Export:\n    permissions: [analytics:conversationDetail:view]' }))).toEqual([]);
  });
});
