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
  // Sets: a fleet's selection (the tenants a change touches) may name thousands of tenants.
  const tenants = selection.tenants === undefined ? undefined : new Set(selection.tenants);
  const environments = selection.environments === undefined ? undefined : new Set(selection.environments);
  return model.environments.filter((org) => (tenants?.has(org.tenant) ?? true) && (environments?.has(org.environment) ?? true));
}

/** The tenants both lists name, in the first's order; either list undefined does not limit. */
export function bothSelect(first: readonly string[] | undefined, second: readonly string[] | undefined): readonly string[] | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  const inSecond = new Set(second);
  return first.filter((tenant) => inSecond.has(tenant));
}
