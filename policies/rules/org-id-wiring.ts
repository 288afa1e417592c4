import type { Located, OrgEnvironment } from "../../model/model";
import { clientTarget, defineRule, groupBy } from "../rule";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Binding names (compared without case, `_` or `-`) that hold the org's own id. */
function namesOrgId(bindingName: string): boolean {
  const folded = bindingName.toLowerCase().replace(/[_-]/g, "");
  return folded.endsWith("orgid") || folded.endsWith("organizationid");
}

/**
 * Binding names that hold the id of a Genesys Cloud object, which differs from org to org. Ids of other systems
 * (an identity provider's tenant id, say) are the same in every org and are not checked.
 */
const GENESYS_OBJECT_ID =
  /(org|organization|deployment|queue|flow|division|role|user|group|site|skill|wrapup(code)?|script|integration|credential|schedule|location|language|campaign|contactlist|bot|widget|client)id$/;

function namesGenesysObjectId(bindingName: string): boolean {
  return GENESYS_OBJECT_ID.test(bindingName.toLowerCase().replace(/[_-]/g, ""));
}

/** A literal id as found in one org. */
interface Sighting {
  readonly org: OrgEnvironment;
  readonly at: Located<string>;
  readonly what: string;
  readonly target: string;
}

/** Org-scoped ids are looked up per org, never typed in, and never shared between orgs. */
export default defineRule({
  id: "org-id-wiring",
  description: "Roles, divisions and the org id are looked up in each org rather than written as literal ids, and no Genesys Cloud id appears in two orgs.",
  severity: { nonprod: "error", prod: "error" },
  waivableInProd: false,
  messages: {
    literalRoleId: "Role '{{id}}' of OAuth client '{{client}}' is a literal id; role ids differ between orgs, so expected the role's name, which scopegate looks up in each org.",
    literalDivisionId: "Division '{{id}}' of a role of OAuth client '{{client}}' is a literal id; division ids differ between orgs, so expected the division's name (or 'home').",
    literalOrgId: "Binding '{{binding}}' holds a literal org id; the org id is looked up from the credentials' org (output 'org_id'), so expected no typed-in org id.",
    sharedLiteralId: "Id '{{id}}' in {{what}} of '{{stack}}' also appears in {{others}}; Genesys Cloud ids differ between orgs, so the same literal id in two orgs is a copied id.",
  },
  check({ model, report }) {
    const literalIds: Sighting[] = [];
    const sighted = (sighting: Sighting) => literalIds.push(sighting);

    for (const org of model.environments) {
      for (const client of org.oauthClients) {
        const target = clientTarget(client.key);
        for (const grant of client.roles) {
          if (UUID.test(grant.role.value)) {
            report({ messageId: "literalRoleId", data: { id: grant.role.value, client: client.key }, at: grant.role.loc, scope: org, target });
            sighted({ org, at: grant.role, what: `a role of OAuth client '${client.key}'`, target });
          }
          const division = grant.division.value;
          if (division.kind === "name" && UUID.test(division.name)) {
            report({ messageId: "literalDivisionId", data: { id: division.name, client: client.key }, at: grant.division.loc, scope: org, target });
            sighted({ org, at: { value: division.name, loc: grant.division.loc }, what: `a division of OAuth client '${client.key}'`, target });
          }
        }
      }
      for (const binding of org.bindings) {
        const value = binding.value.value;
        if (typeof value !== "string" || !UUID.test(value) || !namesGenesysObjectId(binding.name)) continue;
        const target = `binding/${binding.name}`;
        if (namesOrgId(binding.name)) report({ messageId: "literalOrgId", data: { binding: binding.name }, at: binding.value.loc, scope: org, target });
        sighted({ org, at: { value, loc: binding.value.loc }, what: `binding '${binding.name}'`, target });
      }
    }

    // Reported in every org that has the id, so the prod org's finding counts (and is refused waivers) as prod.
    for (const found of groupBy(literalIds, (sighting) => [sighting.at.value.toLowerCase()]).values()) {
      const orgs = new Set(found.map((sighting) => sighting.org));
      if (orgs.size < 2) continue;
      for (const sighting of found) {
        const others = found.filter((other) => other.org !== sighting.org).map((other) => `${other.what} of '${other.org.stackName}'`);
        report({
          messageId: "sharedLiteralId",
          data: { id: sighting.at.value, what: sighting.what, stack: sighting.org.stackName, others: [...new Set(others)].join(", ") },
          at: sighting.at.loc,
          scope: sighting.org,
          target: sighting.target,
        });
      }
    }
  },
});
