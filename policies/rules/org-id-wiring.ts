import type { Located, OrgEnvironment } from "../../config/model";
import { clientTarget, defineRule } from "../rule";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Binding names that hold the org's own id (compared without case, underscores or hyphens). */
function namesOrgId(bindingName: string): boolean {
  const folded = bindingName.toLowerCase().replace(/[_-]/g, "");
  return folded.endsWith("orgid") || folded.endsWith("organizationid");
}

/** Org-scoped ids are looked up per org, never typed in, and never shared between orgs. */
export default defineRule({
  id: "org-id-wiring",
  description: "Roles, divisions and the org id are looked up in each org rather than written as literal ids, and no literal id appears in two environments.",
  severity: { nonprod: "error", prod: "error" },
  waivableInProd: false,
  messages: {
    literalRoleId: "Role '{{id}}' of OAuth client '{{client}}' is a literal id; role ids differ between orgs, so expected the role's name, which scopegate looks up in each org.",
    literalDivisionId: "Division '{{id}}' of a role of OAuth client '{{client}}' is a literal id; division ids differ between orgs, so expected the division's name (or 'home').",
    literalOrgId: "Binding '{{binding}}' holds a literal org id; the org id is looked up from the credentials' org (output 'org_id'), so expected no typed-in org id.",
    sharedLiteralId: "Id '{{id}}' in {{what}} of '{{stack}}' also appears in '{{otherStack}}' ({{otherWhere}}); ids differ between orgs, so the same literal id in two orgs is a copied id.",
  },
  check({ model, report }) {
    /** First sighting of each literal id: where, in which org. */
    const seen = new Map<string, { org: OrgEnvironment; at: Located<string>; what: string }>();
    const sighting = (org: OrgEnvironment, at: Located<string>, what: string, target: string) => {
      const id = at.value.toLowerCase();
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, { org, at, what });
        return;
      }
      const sameSource = first.at.loc.line === at.loc.line && first.at.loc.column === at.loc.column && first.at.loc.file === at.loc.file;
      if (first.org === org || sameSource) return;
      const otherWhere = `${first.what}, ${first.at.loc.file}:${first.at.loc.line}`;
      report({
        messageId: "sharedLiteralId",
        data: { id: at.value, what, stack: org.stackName, otherStack: first.org.stackName, otherWhere },
        at: at.loc,
        scope: org,
        target,
      });
    };

    for (const org of model.environments) {
      for (const client of org.oauthClients) {
        const target = clientTarget(client.key);
        for (const grant of client.roles) {
          if (UUID.test(grant.role.value)) {
            report({ messageId: "literalRoleId", data: { id: grant.role.value, client: client.key }, at: grant.role.loc, scope: org, target });
            sighting(org, grant.role, `a role of OAuth client '${client.key}'`, target);
          }
          const division = grant.division.value;
          if (division.kind === "name" && UUID.test(division.name)) {
            report({ messageId: "literalDivisionId", data: { id: division.name, client: client.key }, at: grant.division.loc, scope: org, target });
            sighting(org, { value: division.name, loc: grant.division.loc }, `a division of OAuth client '${client.key}'`, target);
          }
        }
      }
      for (const binding of org.bindings) {
        const value = binding.value.value;
        if (typeof value !== "string" || !UUID.test(value)) continue;
        const target = `binding/${binding.name}`;
        if (namesOrgId(binding.name)) report({ messageId: "literalOrgId", data: { binding: binding.name }, at: binding.value.loc, scope: org, target });
        sighting(org, { value, loc: binding.value.loc }, `binding '${binding.name}'`, target);
      }
    }
  },
});
