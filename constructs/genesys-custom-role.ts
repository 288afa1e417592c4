import { Construct } from "constructs";
import { AuthRole } from "../.gen/providers/genesyscloud/auth-role";
import type { DeclaredRoleModel, Located, PermissionPolicyModel, SourceLocation } from "../model/model";
import { builtinRoleNamed } from "../policies/builtin-roles";
import { policiesOfPermissions } from "../policies/permission-patterns";
import { type CreationSite, creationSite, siteOf } from "./creation-site";
import { GenesysOrgStack } from "./genesys-org-stack";
import { templateText } from "./hcl";

/** One permission policy of a role, as the provider's `permission_policies` block takes it. */
export type GenesysPermissionPolicy = PermissionPolicyModel;

export interface GenesysCustomRoleProps {
  /** The role's name in the org; clients may grant it by this name or by the construct. */
  readonly name: string;
  /**
   * Permissions as `domain:entity:action` (`integration:botconnector:view`), grouped into permission policies by
   * domain and entity.
   * @default - none (then `permissionPolicies` must grant something)
   */
  readonly permissions?: readonly string[];
  /**
   * Permission policies as the provider takes them, with conditions where needed.
   * @default - none
   */
  readonly permissionPolicies?: readonly GenesysPermissionPolicy[];
  /**
   * The role's description.
   * @default "Managed by scopegate (tenant <tenant>, environment <environment>)."
   */
  readonly description?: string;
}

/**
 * A custom role scopegate creates in one org (`genesyscloud_auth_role`, at the address `role_<name>`), guarded by
 * the org-identity check. Must be created inside a `GenesysOrgStack`; clients of the stack that grant a role of this
 * name get this role's id instead of a lookup.
 */
export class GenesysCustomRole extends AuthRole {
  private readonly site: CreationSite;
  private readonly roleProps: GenesysCustomRoleProps;

  constructor(scope: Construct, id: string, props: GenesysCustomRoleProps) {
    const stack = GenesysOrgStack.of(scope);
    const site = creationSite();
    const { permissions, policies } = permissionsOf(props);
    if (permissions.length === 0) throw new Error(`GenesysCustomRole '${props.name}' grants nothing; expected 'permissions' or 'permissionPolicies'.`);
    checkProps(stack, props);
    super(scope, id, {
      name: templateText(props.name),
      description: templateText(props.description ?? stack.defaultDescription),
      permissionPolicies: policies.map((policy) => ({
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
      lifecycle: { precondition: [stack.guard] },
    });
    this.overrideLogicalId(stack.takeRoleAddress(props.name));
    this.site = site;
    this.roleProps = props;
    stack.lookups.useCreatedRole(props.name, this.id);
    stack.registerRole(this, props.name);
  }

  /** The role as scopegate's policy rules read it, located where the construct was created. */
  public get model(): DeclaredRoleModel {
    const at = siteOf(this.site) ?? { file: this.node.path, line: 1, column: 1 };
    const { permissions, policies } = permissionsOf(this.roleProps, at);
    return {
      role: this.roleProps.name,
      ...(this.roleProps.description === undefined ? {} : { description: { value: this.roleProps.description, loc: at } }),
      permissions,
      policies,
      existing: false,
      loc: at,
    };
  }
}

/**
 * What Genesys Cloud or the rules would get wrong later, rejected now: a role name is the org's only key for it (the
 * provider looks roles up by name, without case), so one org never has two roles of one name, nor a custom role of a
 * built-in role's name; a permission is `domain:entity:action`.
 */
function checkProps(stack: GenesysOrgStack, props: GenesysCustomRoleProps): void {
  const builtin = builtinRoleNamed(props.name);
  if (builtin !== undefined) {
    throw new Error(`GenesysCustomRole '${props.name}' has the name of the built-in role '${builtin}', which every org already has; grant '${builtin}' by name, or give the custom role a name of its own.`);
  }
  const twin = stack.customRoleNamed(props.name);
  if (twin !== undefined) {
    throw new Error(
      `GenesysCustomRole '${props.name}' in stack '${stack.node.id}' has the name of role '${twin.name}' (${twin.role.node.path}); Genesys Cloud looks roles up by name without case, so expected one role of that name per org.`,
    );
  }
  const looked = stack.lookups.lookedUpRole(props.name);
  if (looked !== undefined) {
    throw new Error(
      `GenesysCustomRole '${props.name}' is created in stack '${stack.node.id}' after a client granted '${looked}' by name, which then looks the role up in the org (where it does not exist before the first deploy) instead of using this one; create the role before the clients that grant it, or grant it by construct.`,
    );
  }
  for (const permission of props.permissions ?? []) {
    if (!/^[^:]+:[^:]+:[^:]+$/.test(permission)) {
      throw new Error(`Permission '${permission}' of GenesysCustomRole '${props.name}' is not 'domain:entity:action'; expected three parts such as 'analytics:conversationDetail:view' ('*' for any entity or action).`);
    }
  }
}

/** Permissions (one per action, located `at`) and policies (grouped by domain and entity, in order) of a role's props. */
function permissionsOf(props: GenesysCustomRoleProps, at: SourceLocation = { file: "", line: 1, column: 1 }): { permissions: Located<string>[]; policies: PermissionPolicyModel[] } {
  const permissions = (props.permissions ?? []).map((value) => ({ value, loc: at }));
  const policies: PermissionPolicyModel[] = policiesOfPermissions(props.permissions ?? []);
  for (const policy of props.permissionPolicies ?? []) {
    policies.push(policy);
    for (const action of policy.actions) permissions.push({ value: `${policy.domain}:${policy.entity}:${action}`, loc: at });
  }
  return { permissions, policies };
}
