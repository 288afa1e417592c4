import type { BindingModel, OAuthClientModel, OrgEnvironment, ScopegateModel, SourceLocation } from "../model/model";
import { rotationCopyNames } from "../config/outputs";
import type { KeyDifference } from "./client-comparison";
import { clientIn, compareClients, lacksIn, notYetPromoted, roleGrantText } from "./client-comparison";

/**
 * What promoting one environment of a tenant to another would change in the target: clients added or
 * renamed, settings changed, and the differences that are intended because they are per environment. Pure: the
 * `promote` command renders it and `--write` applies it.
 */

/** A client both environments have, with what differs. */
export interface ClientDifferences {
  readonly key: string;
  readonly source: OAuthClientModel;
  readonly target: OAuthClientModel;
  /** Promoted settings that differ: promotion changes these in the target. */
  readonly changes: readonly KeyDifference[];
  /**
   * Per-environment settings that differ, and settings the target declares for itself that lack nothing of the
   * source's (its own division names, more rotation copies): intended, left alone.
   */
  readonly intended: readonly KeyDifference[];
}

/** A client only the source has and one only the target has that look like the same client under a new key. */
export interface RenamedClient {
  readonly source: OAuthClientModel;
  readonly target: OAuthClientModel;
}

/** A binding whose value differs between the two orgs (or that only one declares): intended, shown for review. */
export interface BindingDifference {
  readonly name: string;
  readonly source: BindingModel["value"] | undefined;
  readonly target: BindingModel["value"] | undefined;
}

/** Everything promoting `source` to `target` for one tenant would do. */
export interface TenantPromotion {
  readonly tenant: string;
  readonly source: OrgEnvironment;
  readonly target: OrgEnvironment;
  /** Clients only the source has (and that are not renamed): promotion creates them in the target. */
  readonly added: readonly OAuthClientModel[];
  /** Clients only the target has (and that are not renamed): declared for it (its `only`), promotion keeps them. */
  readonly targetOnly: readonly OAuthClientModel[];
  /** Clients whose key differs: Terraform replaces them (a new client id and secret). */
  readonly renamed: readonly RenamedClient[];
  /** Clients both have that differ in some setting. */
  readonly clients: readonly ClientDifferences[];
  readonly bindings: readonly BindingDifference[];
}

/** A model's orgs by tenant and environment (`orgIndex`), so that promoting every tenant reads each org once. */
export type OrgIndex = ReadonlyMap<string, OrgEnvironment>;

/** The orgs of a model by tenant and environment; the first where two share both. */
export function orgIndex(model: ScopegateModel): OrgIndex {
  const index = new Map<string, OrgEnvironment>();
  for (const org of model.environments) {
    const key = orgKey(org.tenant, org.environment);
    if (!index.has(key)) index.set(key, org);
  }
  return index;
}

function orgKey(tenant: string, environment: string): string {
  return `${tenant}\u0000${environment}`;
}

/**
 * The promotion of `from` to `to` for a tenant, or undefined when the tenant lacks either environment. `orgs` (the
 * model's `orgIndex`) spares a search of every org: pass it when promoting many tenants.
 */
export function promotionOf(model: ScopegateModel, tenant: string, from: string, to: string, orgs: OrgIndex = orgIndex(model)): TenantPromotion | undefined {
  const source = orgs.get(orgKey(tenant, from));
  const target = orgs.get(orgKey(tenant, to));
  if (source === undefined || target === undefined) return undefined;

  const onlyInSource = source.oauthClients.filter((client) => clientIn(target, client.key) === undefined);
  const onlyInTarget = target.oauthClients.filter((client) => clientIn(source, client.key) === undefined);
  const renamed = pairRenamed(onlyInSource, onlyInTarget);
  const paired = new Set(renamed.flatMap((pair) => [pair.source, pair.target]));

  const clients: ClientDifferences[] = [];
  for (const client of source.oauthClients) {
    const counterpart = clientIn(target, client.key);
    if (counterpart === undefined) continue;
    const differences = compareClients(client, counterpart);
    if (differences.length === 0) continue;
    const work = notYetPromoted(client, counterpart);
    const intended = (difference: KeyDifference) => difference.environmentSpecific || (difference.target.overridden && !lacksIn(work, difference.key));
    clients.push({
      key: client.key,
      source: client,
      target: counterpart,
      changes: differences.filter((difference) => !intended(difference)),
      intended: differences.filter(intended),
    });
  }

  return {
    tenant,
    source,
    target,
    added: onlyInSource.filter((client) => !paired.has(client)),
    targetOnly: onlyInTarget.filter((client) => !paired.has(client)),
    renamed,
    clients,
    bindings: bindingDifferences(source.bindings, target.bindings),
  };
}

/** Whether promoting would change nothing in the target (intended differences aside). */
export function isUnchanged(promotion: TenantPromotion): boolean {
  return (
    promotion.added.length === 0 &&
    promotion.renamed.length === 0 &&
    promotion.clients.every((client) => client.changes.length === 0)
  );
}

/**
 * Genesys Cloud clients promotion would delete in the target: the target side of renamed ones, and
 * rotation copies beyond the source's count. Each stops every integration that uses it at once.
 */
export function deletedByPromotion(promotion: TenantPromotion): { readonly client: OAuthClientModel; readonly names: readonly string[]; readonly loc: SourceLocation }[] {
  const whole = promotion.renamed.map((pair) => pair.target).map((client) => ({
    client,
    names: rotationCopyNames(client.name.value, client.rotation.value),
    loc: client.loc,
  }));
  const copies = promotion.clients.flatMap(({ source, target, changes }) => {
    if (!changes.some((difference) => difference.key === "rotation")) return [];
    const kept = source.rotation.value;
    const had = target.rotation.value;
    if (kept >= had) return [];
    return [{ client: target, names: rotationCopyNames(target.name.value, had).slice(kept), loc: target.rotation.loc }];
  });
  return [...whole, ...copies];
}

/**
 * Pairs a client only the source has with one only the target has when they are the same client under another key:
 * the same name in Genesys Cloud, or the same grant, capabilities, scopes and roles.
 */
function pairRenamed(onlyInSource: readonly OAuthClientModel[], onlyInTarget: readonly OAuthClientModel[]): RenamedClient[] {
  const sorted = (items: readonly string[]) => [...items].sort();
  const signature = (client: OAuthClientModel) =>
    JSON.stringify([
      client.grant.value,
      sorted(client.capabilities.map((capability) => capability.value)),
      sorted(client.scopes.map((scope) => scope.value)),
      sorted(client.roles.map((grant) => roleGrantText(grant.role.value, grant.division.value))),
    ]);
  const pairs: RenamedClient[] = [];
  const taken = new Set<OAuthClientModel>();
  for (const source of onlyInSource) {
    const target =
      onlyInTarget.find((candidate) => !taken.has(candidate) && candidate.name.value.toLowerCase() === source.name.value.toLowerCase()) ??
      onlyInTarget.find((candidate) => !taken.has(candidate) && signature(candidate) === signature(source));
    if (target === undefined) continue;
    taken.add(target);
    pairs.push({ source, target });
  }
  return pairs;
}

function bindingDifferences(source: readonly BindingModel[], target: readonly BindingModel[]): BindingDifference[] {
  // Indexed once: an org may declare thousands of bindings.
  const before = new Map(source.map((binding) => [binding.name, binding.value]));
  const after = new Map(target.map((binding) => [binding.name, binding.value]));
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.flatMap((name) => (before.get(name)?.value === after.get(name)?.value ? [] : [{ name, source: before.get(name), target: after.get(name) }]));
}
