import type { DivisionRef, OrgEnvironment, RoleGrant } from "../../model/model";
import { isPrivilegedRole } from "../builtin-roles";
import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";

/** Where a scan reads a role's name: the `name` of the role data source or managed role an id comes from. */
const ROLE_LOOKUPS = ["data.genesyscloud_auth_role.", "genesyscloud_auth_role."];

/**
 * A grant's role name, or undefined where a scan could not read one: a literal role id, a variable, a role lookup
 * whose `name` is not a literal (the value is then the id, or the expression itself, which names the reference). A
 * configuration always names its roles.
 */
function roleNameOf(org: OrgEnvironment, grant: RoleGrant): string | undefined {
  if (org.scannedFrom === undefined) return grant.role.value;
  const { value, reference } = grant.role;
  const named = reference !== undefined && ROLE_LOOKUPS.some((prefix) => reference.startsWith(prefix)) && !value.includes(reference);
  return named ? value : undefined;
}

function divisionText(division: DivisionRef): string {
  if (division.kind === "all") return "on all divisions ('*')";
  return division.kind === "home" ? "on the home division" : `on division '${division.name}'`;
}

/** CLIENT-CREDENTIALS clients act with their roles' permissions: never those of a built-in all-powerful role. */
export default defineRule({
  id: "privileged-role",
  description: "No CLIENT-CREDENTIALS client is granted a built-in role that holds nearly every permission ('Master Admin', 'Admin').",
  severity: { nonprod: "warning", prod: "error" },
  waivableInProd: false,
  messages: {
    builtInRole:
      "OAuth client '{{client}}' is granted the built-in role '{{role}}' {{division}}, which holds nearly every permission, so a leaked client secret controls the whole org; expected a custom role with only the permissions the integration's operations need, declared under 'roles:'.",
  },
  check({ model, report, skip }) {
    for (const [org, client] of clientsOf(model)) {
      const grantUnknown = isUnknown(client, "grant");
      // Roles are the permissions of CLIENT-CREDENTIALS clients only; user-facing grants act with the user's.
      if (!grantUnknown && client.grant.value !== "CLIENT-CREDENTIALS") continue;
      if (isUnknown(client, "roles")) {
        skip("OAuth clients whose roles are computed (a 'dynamic' block, or not literal 'roles' blocks) were not checked for built-in roles.", client.loc);
      }
      for (const grant of client.roles) {
        const name = roleNameOf(org, grant);
        if (name === undefined) {
          skip(
            "Role grants whose role name the scan could not read (a literal role id, a variable, an expression) were not checked for built-in roles; look the role up by name with a 'genesyscloud_auth_role' data source.",
            grant.role.loc,
          );
          continue;
        }
        if (!isPrivilegedRole(name)) continue;
        if (grantUnknown) {
          skip("OAuth clients whose grant type is computed were not checked for built-in roles (only CLIENT-CREDENTIALS clients act with their roles).", client.loc);
          continue;
        }
        report({
          messageId: "builtInRole",
          data: { client: client.key, role: name, division: divisionText(grant.division.value) },
          at: grant.role.loc,
          scope: org,
          target: clientTarget(client.key),
        });
      }
    }
  },
});
