import { quoteList } from "../../config/suggest";
import { assessDeployClient } from "../deploy-permissions";
import { clientTarget, defineRule } from "../rule";

/** What a deploy-client finding about the whole deploy client (not one managed client) is about. */
const DEPLOY_CLIENT_TARGET = "deploy-client";

/** The deploy client an org declares holds every permission its stack needs and every role the stack grants. */
export default defineRule({
  id: "deploy-client-privilege",
  description: "The deploy client an org declares holds every permission its stack needs and every role the stack grants to its OAuth clients.",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    missingPermission:
      "The deploy client of '{{stack}}' lacks permission '{{permission}}', needed by {{neededBy}}; expected it under 'deployClient.permissions' or in a role of 'deployClient.roles' that 'roles:' declares.",
    unverifiedPermissions:
      "Nothing declared for the deploy client of '{{stack}}' grants {{count}} of the permissions its stack needs ({{permissions}}); it may hold them through {{roles}}, whose permissions 'roles:' does not declare, so this cannot be verified; expected those roles under 'roles:', or the permissions under 'deployClient.permissions' or in a declared role.",
    unheldRole:
      "OAuth client '{{client}}' is granted role '{{role}}', which the deploy client of '{{stack}}' does not hold; expected '{{role}}' under 'deployClient.roles', since the provider grants only roles its own client has.",
  },
  check({ model, report }) {
    for (const org of model.environments) {
      const assessment = assessDeployClient(org, model);
      if (assessment === undefined) continue;
      const at = org.deployClient!.loc;
      for (const needed of assessment.missingPermissions) {
        report({ messageId: "missingPermission", data: { stack: org.stackName, permission: needed.name, neededBy: quoteList(needed.neededBy, "and") }, at, scope: org, target: DEPLOY_CLIENT_TARGET });
      }
      if (assessment.unverifiedPermissions.length > 0) {
        const roles = quoteList(assessment.undeclaredRoles.map((role) => role.value), "and");
        const permissions = quoteList(assessment.unverifiedPermissions.map((needed) => needed.name), "and");
        report({ messageId: "unverifiedPermissions", data: { stack: org.stackName, count: assessment.unverifiedPermissions.length, roles, permissions }, at, scope: org, target: DEPLOY_CLIENT_TARGET });
      }
      for (const { client, grant } of assessment.unheldRoleGrants) {
        report({ messageId: "unheldRole", data: { client: client.key, role: grant.role.value, stack: org.stackName }, at: grant.role.loc, scope: org, target: clientTarget(client.key) });
      }
    }
  },
});
