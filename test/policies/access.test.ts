import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { accessTo, NON_STANDARD_REASON, permissionsServing, roleDirectory } from "../../policies/access";
import type { ApiOperation, PermissionRule } from "../../policies/operations";
import { config } from "../helpers";

/** Role `Reader` holds `directory:user:view`, role `Writer` `directory:user:edit`; role `Mystery` is not declared. */
const ROLES = `roles:
  Reader:
    permissions: [directory:user:view]
  Writer:
    permissions: [directory:user:edit]`;

function modelOf(yaml: string): ScopegateModel {
  const result = loadConfigText("scopegate.yaml", yaml);
  if (!result.ok) throw new Error(`test setup: the configuration does not load:\n${result.problems.map((p) => p.message).join("\n")}`);
  return result.model;
}

/** The verdict for `operation` of a client granted `grant` with this YAML for its roles or scopes. */
function verdict(operation: ApiOperation, grant: string, access: string) {
  const model = modelOf(config({ clients: `app:\n  grant: ${grant}\n  capabilities: []\n  ${access}\n  redirectUris: [https://app.acme.example/cb]`, top: ROLES }));
  const client = model.environments[0].oauthClients.find((candidate) => candidate.key === "app")!;
  return accessTo(operation, client, roleDirectory(model.roles));
}

/** An operation needing `list` by `type`, allowed by `scopes`. */
function operation(type: PermissionRule, list: readonly string[], scopes: readonly string[] | undefined = ["users"]): ApiOperation {
  return { key: "GET /api/v2/x", operationId: "getX", permissions: { type, list }, scopes, preview: false, deprecated: false };
}

const rolesOf = (...names: string[]) => `roles: [${names.map((name) => `{ role: ${name} }`).join(", ")}]`;

describe("access through a CLIENT-CREDENTIALS client's roles", () => {
  it("names, for ALL, each permission with the role holding it", () => {
    expect(verdict(operation("ALL", ["directory:user:view", "directory:user:edit"]), "CLIENT-CREDENTIALS", rolesOf("Reader", "Writer"))).toEqual({
      kind: "allowed",
      through: "'directory:user:view' (role 'Reader'), 'directory:user:edit' (role 'Writer')",
    });
  });

  it("cannot judge ALL when one of the permissions is prose, but judges ANY by the role permissions it lists", () => {
    const unknown = { kind: "unknown", cause: "permissions", reason: NON_STANDARD_REASON };
    expect(verdict(operation("ALL", ["directory:user:view", "They are enforced by the backend"]), "CLIENT-CREDENTIALS", rolesOf("Reader"))).toEqual(unknown);
    expect(verdict(operation("ANY", ["admin", "directory:user:view"]), "CLIENT-CREDENTIALS", rolesOf("Reader"))).toEqual({ kind: "allowed", through: "'directory:user:view' (role 'Reader')" });
    expect(verdict(operation("ANY", ["admin", "directory:user:edit"]), "CLIENT-CREDENTIALS", rolesOf("Reader"))).toEqual({
      kind: "missingPermissions",
      type: "ANY",
      missing: ["directory:user:edit"],
      roles: ["Reader"],
    });
  });

  it("cannot tell for ANY when no declared role holds a permission but an undeclared role may", () => {
    expect(verdict(operation("ANY", ["directory:user:edit"]), "CLIENT-CREDENTIALS", rolesOf("Reader", "Mystery"))).toEqual({
      kind: "unknown",
      cause: "roles",
      reason: "role 'Mystery' is not declared under 'roles:' with its permissions, so what it holds is unknown",
    });
  });
});

describe("access through a user-grant client's scopes", () => {
  it("needs no scope for an operation that lists none", () => {
    expect(verdict(operation("NONE", [], []), "CODE", "scopes: [users]")).toEqual({ kind: "allowed", through: "no scope needed" });
  });
});

describe("permissions serving an operation", () => {
  it("are the role permissions of its list, in order, without prose or legacy entries", () => {
    expect(permissionsServing(operation("ANY", ["admin", "directory:user:view", "They are enforced by the backend", "directory:user:edit"]))).toEqual(["directory:user:view", "directory:user:edit"]);
  });
});
