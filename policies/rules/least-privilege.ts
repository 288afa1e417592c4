import type { DeclaredRoleModel, OrgEnvironment } from "../../model/model";
import { permissionsServing } from "../access";
import { isStandardPermission, operationCatalog } from "../operations";
import { permissionCovers } from "../permission-patterns";
import type { ProfileCatalog } from "../profiles";
import { permittedScopeEntries } from "../profiles";
import type { RuleContext } from "../rule";
import { clientsOf, clientTarget, defineRule, groupBy, isUnknown, SKIP_REASONS } from "../rule";
import { anyScopeMatches } from "../scope-patterns";

/**
 * A client has no more than its capabilities need: user-grant clients only the scopes their capabilities allow, and
 * the roles scopegate creates only permissions their clients' capabilities need.
 */
export default defineRule({
  id: "least-privilege",
  description:
    "OAuth clients and the roles scopegate creates hold no more than their capabilities need: no scopes beyond what they allow, no role permissions no client's operations need, and every client declares a capability.",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    scopeNotAllowed: "OAuth client '{{client}}' has scope '{{scope}}', which none of its capabilities ({{capabilities}}) allows; remove the scope or add a capability that allows it.",
    scopesIgnored:
      "OAuth client '{{client}}' uses grant 'CLIENT-CREDENTIALS' and declares scopes ({{scopes}}), which Genesys ignores for that grant: its roles decide what it can call. Remove 'scopes:' so that nobody reads them as its limits.",
    noCapabilities: "OAuth client '{{client}}' declares no capabilities, so nothing says which scopes it needs; add 'capabilities:' with a built-in profile or one under 'profiles:'.",
    unneededPermission:
      "Role '{{role}}' grants '{{permission}}', which no operation or permission of its clients' capabilities ({{capabilities}}) needs; remove it, or add the capability that needs it to a client.",
    widerThanNeeded:
      "Role '{{role}}' grants '{{permission}}', which also covers {{extra}} that no capability of its clients ({{capabilities}}) needs; grant only {{needed}}.",
  },
  warningMessages: ["scopesIgnored"],
  check({ model, profiles, report, skip }) {
    for (const [org, client] of clientsOf(model)) {
      const target = clientTarget(client.key);
      if (isUnknown(client, "capabilities")) {
        skip(SKIP_REASONS.noCapabilities, client.loc);
        continue;
      }
      const unprofiled = client.capabilities.find((capability) => profiles.get(capability.value) === undefined);
      if (unprofiled !== undefined) {
        skip(SKIP_REASONS.unknownProfile, unprofiled.loc);
        continue;
      }
      if (client.capabilities.length === 0) {
        report({ messageId: "noCapabilities", data: { client: client.key }, at: client.loc, scope: org, target });
        continue;
      }
      if (isUnknown(client, "grant")) {
        skip(SKIP_REASONS.grantUnknown, client.loc);
        continue;
      }
      if (client.grant.value === "CLIENT-CREDENTIALS") {
        if (client.scopes.length > 0) {
          const scopes = client.scopes.map((scope) => `'${scope.value}'`).join(", ");
          report({ messageId: "scopesIgnored", data: { client: client.key, scopes }, at: client.scopes[0].loc, scope: org, target });
        }
        continue;
      }
      const permitted = client.capabilities.flatMap((capability) => {
        const profile = profiles.get(capability.value);
        return profile === undefined ? [] : permittedScopeEntries(profile);
      });
      const capabilities = client.capabilities.map((capability) => `'${capability.value}'`).join(", ");
      // A capability whose operations' scopes are unknown, or that says nothing of scopes, may allow any scope.
      const open = client.capabilities.find((capability) => {
        const profile = profiles.get(capability.value);
        if (profile === undefined) return false;
        const saysNothing = profile.operations.length === 0 && profile.require.length === 0 && profile.allow.length === 0;
        return saysNothing || profile.operations.some((operation) => operation.scopes === undefined);
      });
      for (const scope of client.scopes) {
        if (anyScopeMatches(permitted, scope.value)) continue;
        if (open !== undefined) {
          skip(SCOPES_UNKNOWN, open.loc);
          continue;
        }
        report({ messageId: "scopeNotAllowed", data: { client: client.key, scope: scope.value, capabilities }, at: scope.loc, scope: org, target });
      }
    }
    checkRoles(model.roles, model.environments, profiles, report, skip);
  },
});

type Report = RuleContext<"unneededPermission" | "widerThanNeeded">["report"];
type Skip = RuleContext<string>["skip"];

const SCOPES_UNKNOWN =
  "Scopes of user-grant clients were not compared with a capability whose profile says nothing of scopes, or names operations whose scopes the catalog does not know.";

const ROLE_NEEDS_UNKNOWN =
  "Roles granted to a client whose capabilities name no operations or permissions (or are unknown) were not compared with what their clients need.";

/** Each role scopegate creates grants only what the capabilities of the clients holding it need. */
function checkRoles(roles: readonly DeclaredRoleModel[], environments: readonly OrgEnvironment[], profiles: ProfileCatalog, report: Report, skip: Skip): void {
  const clientCredentials = environments.flatMap((org) => org.oauthClients.filter((client) => client.grant.value === "CLIENT-CREDENTIALS").map((client) => ({ org, client })));
  const holders = groupBy(clientCredentials, ({ client }) => client.roles.map((grant) => grant.role.value));
  for (const role of roles) {
    const granted = holders.get(role.role);
    // An existing role is not scopegate's to trim; a role no client holds may be meant for people.
    if (role.existing || granted === undefined) continue;
    const needed = new Set<string>();
    const capabilities = new Set<string>();
    let known = true;
    for (const { client } of granted) {
      if (isUnknown(client, "capabilities") || client.capabilities.length === 0) known = false;
      for (const capability of client.capabilities) {
        const profile = profiles.get(capability.value);
        capabilities.add(capability.value);
        if (profile === undefined || (profile.operations.length === 0 && profile.permissions.length === 0)) {
          known = false;
          continue;
        }
        for (const operation of profile.operations) for (const permission of permissionsServing(operation)) needed.add(permission);
        for (const permission of profile.permissions) needed.add(permission);
      }
    }
    if (!known) {
      skip(ROLE_NEEDS_UNKNOWN, role.loc);
      continue;
    }
    // One finding per tenant whose clients hold the role (each customer's orgs get it), in the strictest of its orgs
    // holding it: a prod client makes it a prod matter.
    const scopes = [...groupBy(granted, ({ org }) => [org.tenant]).values()].map((holders) => {
      const org = holders.find(({ org: candidate }) => candidate.tier.value === "prod")?.org ?? holders[0].org;
      return { tenant: org.tenant, environment: org.environment };
    });
    const target = `role/${role.role}`;
    // What is wrong with the role is the same for every tenant holding it: judged once, reported per tenant.
    const excess = excessOf(role, needed, [...capabilities].map((name) => `'${name}'`).join(", "));
    for (const scope of scopes) for (const finding of excess) report({ ...finding, scope, target });
  }
}

/** Each permission of a created role that covers nothing its clients need, or (a wildcard) more than they need. */
function excessOf(role: DeclaredRoleModel, needed: ReadonlySet<string>, listed: string): Omit<Parameters<Report>[0], "scope" | "target">[] {
  const excess: Omit<Parameters<Report>[0], "scope" | "target">[] = [];
  for (const permission of role.permissions) {
    const covered = [...needed].filter((need) => permissionCovers(permission.value, need));
    if (covered.length === 0) {
      excess.push({ messageId: "unneededPermission", data: { role: role.role, permission: permission.value, capabilities: listed }, at: permission.loc });
      continue;
    }
    if (!permission.value.includes("*")) continue;
    // A wildcard counts by what it covers: every permission of the catalog it matches.
    const extra = operationCatalog()
      .permissionNames.filter((name) => isStandardPermission(name) && permissionCovers(permission.value, name) && !covered.some((need) => permissionCovers(need, name)));
    if (extra.length === 0) continue;
    const shown = extra.length <= 3 ? extra.map((name) => `'${name}'`).join(", ") : `${extra.slice(0, 3).map((name) => `'${name}'`).join(", ")} and ${extra.length - 3} more permissions`;
    excess.push({
      messageId: "widerThanNeeded",
      data: { role: role.role, permission: permission.value, extra: shown, capabilities: listed, needed: covered.map((name) => `'${name}'`).join(", ") },
      at: permission.loc,
    });
  }
  return excess;
}
