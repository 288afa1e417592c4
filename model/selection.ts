import type { OrgEnvironment, ScopegateModel } from "./model";

/**
 * Which stacks (tenant × environment) a command works on: the orgs of these tenants and these environments. An
 * undefined list does not limit; `synth --tenant`, `stacks --tenant` and `scopegate deploy` fill it in.
 */
export interface StackSelection {
  readonly tenants?: readonly string[];
  readonly environments?: readonly string[];
}

/** Whether the selection limits the stacks at all. */
export function isPartialSelection(selection: StackSelection): boolean {
  return selection.tenants !== undefined || selection.environments !== undefined;
}

/** The model's orgs in `selection`, in the model's order. */
export function selectedOrgs(model: Pick<ScopegateModel, "environments">, selection: StackSelection): OrgEnvironment[] {
  return model.environments.filter(
    (org) => (selection.tenants?.includes(org.tenant) ?? true) && (selection.environments?.includes(org.environment) ?? true),
  );
}
