import type { Precondition } from "cdktf";
import { Construct } from "constructs";
import { AuthRole } from "../.gen/providers/genesyscloud/auth-role";
import type { DeclaredRoleModel } from "../config/model";
import { identifierFrom, templateText } from "./hcl";

export interface CustomRolesProps {
  /** The roles declared under `roles:`; those marked `existing` are left to lookups. */
  readonly roles: readonly DeclaredRoleModel[];
  /** Put on every role: refuses to plan in an org other than the declared one. */
  readonly guard: Precondition;
  /** Description when a role declares none. */
  readonly defaultDescription: string;
}

/**
 * The custom roles scopegate manages in one org: one `genesyscloud_auth_role` per declared role (not `existing`),
 * with the same name and permission policies in every org, at the address `genesyscloud_auth_role.role_<name>`.
 * Clients granted such a role reference this resource's id instead of looking the role up by name.
 */
export class CustomRoles extends Construct {
  /** The created roles by name. */
  public readonly byName: ReadonlyMap<string, AuthRole>;

  constructor(scope: Construct, id: string, props: CustomRolesProps) {
    super(scope, id);
    const byName = new Map<string, AuthRole>();
    const usedIds = new Set<string>();
    for (const role of props.roles) {
      if (role.existing) continue;
      let logicalId = `role_${identifierFrom(role.role)}`;
      for (let n = 2; usedIds.has(logicalId); n++) logicalId = `role_${identifierFrom(role.role)}_${n}`;
      usedIds.add(logicalId);
      const resource = new AuthRole(this, logicalId, {
        name: templateText(role.role),
        description: templateText(role.description?.value ?? props.defaultDescription),
        permissionPolicies: role.policies.map((policy) => ({
          domain: templateText(policy.domain),
          entityName: templateText(policy.entity),
          actionSet: policy.actions.map(templateText),
          ...(policy.conditions === undefined
            ? {}
            : {
                conditions: {
                  conjunction: policy.conditions.conjunction,
                  terms: policy.conditions.terms.map((term) => ({
                    variableName: templateText(term.variableName),
                    operator: term.operator,
                    operands: term.operands.map((operand) => ({
                      type: operand.type,
                      value: operand.value === undefined ? undefined : templateText(operand.value),
                      queueId: operand.queueId === undefined ? undefined : templateText(operand.queueId),
                      userId: operand.userId === undefined ? undefined : templateText(operand.userId),
                    })),
                  })),
                },
              }),
        })),
        lifecycle: { precondition: [props.guard] },
      });
      resource.overrideLogicalId(logicalId);
      byName.set(role.role, resource);
    }
    this.byName = byName;
  }
}
