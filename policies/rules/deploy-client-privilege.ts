import { joinList, quoteList } from "../../config/suggest";
import type { OrgEnvironment } from "../../model/model";
import type { DeployClientAssessment, Needed } from "../deploy-permissions";
import { assessDeployClient } from "../deploy-permissions";
import { rolesCreatedFor } from "../../config/outputs";
import type { RuleContext } from "../rule";
import { clientTarget, defineRule, groupBy } from "../rule";

/** What a deploy-client finding about the whole deploy client (not one managed client) is about. */
const DEPLOY_CLIENT_TARGET = "deploy-client";

/** `'a'` for a plain need, `one of 'a' or 'b'` for alternatives. */
function describeNeed(needed: Needed): string {
  return needed.anyOf.length === 1 ? `'${needed.anyOf[0]}'` : `one of ${quoteList(needed.anyOf, "or")}`;
}

/** The API calls behind a need, for a message: `POST /api/v2/oauth/clients and ...`. */
function callsOf(needed: Needed): string {
  return joinList(needed.calls.map(({ call }) => call), "and");
}

type DeployClientPrivilegeMessage = "missingPermission" | "missingAnyPermission" | "unverifiedPermissions" | "unheldRole";

/** The deploy client an org declares holds every permission its stack needs and every role the stack grants. */
export default defineRule({
  id: "deploy-client-privilege",
  description: "The deploy client an org declares holds every permission its stack needs and every role the stack grants to its OAuth clients.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missingPermission:
      "The deploy client of '{{stack}}' lacks permission '{{permission}}', needed by {{neededBy}} ({{calls}}); expected it under 'deployClient.permissions' or in a role of 'deployClient.roles' that 'roles:' declares.",
    missingAnyPermission:
      "The deploy client of '{{stack}}' lacks all of {{permissions}}, one of which is needed by {{neededBy}} ({{calls}}); expected one of them under 'deployClient.permissions' or in a role of 'deployClient.roles' that 'roles:' declares.",
    unverifiedPermissions:
      "Nothing declared for the deploy client of '{{stack}}' grants {{count}} of the permissions its stack needs ({{permissions}}); it may hold them through {{roles}}, whose permissions 'roles:' does not declare, so this cannot be verified; expected those roles under 'roles:', or the permissions under 'deployClient.permissions' or in a declared role.",
    unheldRole:
      "OAuth client '{{client}}' is granted role '{{role}}', which the deploy client of '{{stack}}' does not hold; expected '{{role}}' under 'deployClient.roles', since the provider grants only roles its own client has.",
  },
  check({ model, report }) {
    const orgsOfTenant = groupBy(model.environments, (org) => [org.tenant]);
    for (const org of model.environments) {
      // Computes the stack's needs only for an org that declares a deploy client.
      const assessment = org.deployClient === undefined ? undefined : assessDeployClient(org, model, undefined, rolesCreatedFor(model.roles, orgsOfTenant.get(org.tenant) ?? []));
      if (assessment !== undefined) reportAssessment(org, assessment, report);
    }
  },
});

/** Reports what `assessment` finds the deploy client of `org` (which declares one) lacking. */
export function reportAssessment(org: OrgEnvironment, assessment: DeployClientAssessment, report: RuleContext<DeployClientPrivilegeMessage>["report"]): void {
  const at = org.deployClient!.loc;
  for (const needed of assessment.missingPermissions) {
    const neededBy = quoteList(needed.neededBy, "and");
    const calls = callsOf(needed);
    if (needed.anyOf.length === 1) {
      report({ messageId: "missingPermission", data: { stack: org.stackName, permission: needed.anyOf[0], neededBy, calls }, at, scope: org, target: DEPLOY_CLIENT_TARGET });
    } else {
      report({ messageId: "missingAnyPermission", data: { stack: org.stackName, permissions: quoteList(needed.anyOf, "and"), neededBy, calls }, at, scope: org, target: DEPLOY_CLIENT_TARGET });
    }
  }
  if (assessment.unverifiedPermissions.length > 0) {
    const roles = quoteList(assessment.undeclaredRoles.map((role) => role.value), "and");
    const permissions = joinList(assessment.unverifiedPermissions.map(describeNeed), "and");
    report({ messageId: "unverifiedPermissions", data: { stack: org.stackName, count: assessment.unverifiedPermissions.length, roles, permissions }, at, scope: org, target: DEPLOY_CLIENT_TARGET });
  }
  for (const { client, grant } of assessment.unheldRoleGrants) {
    report({ messageId: "unheldRole", data: { client: client.key, role: grant.role.value, stack: org.stackName }, at: grant.role.loc, scope: org, target: clientTarget(client.key) });
  }
}
