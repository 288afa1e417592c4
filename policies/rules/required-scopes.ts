import type { OAuthClientModel } from "../../model/model";
import type { AccessVerdict } from "../access";
import { joinList } from "../../config/suggest";
import { accessTo, knownPermissions, roleDirectory } from "../access";
import { permissionCovers } from "../permission-patterns";
import type { CapabilityProfile } from "../profiles";
import { permittedScopeEntries } from "../profiles";
import { clientsOf, clientTarget, defineRule, isUnknown, SKIP_REASONS } from "../rule";
import { anyScopeMatches, isScopePattern, scopeMatches } from "../scope-patterns";

/**
 * A client can call what its capabilities need. For a CLIENT-CREDENTIALS client that is its roles: some granted role
 * must hold one of (ANY) or each of (ALL) the permissions of every operation its capabilities call, and every
 * permission its profiles list. Genesys ignores such a client's scopes. For a user grant it is its scopes: one of the
 * scopes of every operation, and the scopes its profiles require.
 */
export default defineRule({
  id: "required-scopes",
  description:
    "An OAuth client can call the API operations its capabilities need: through its roles' permissions (CLIENT-CREDENTIALS, ANY/ALL per operation) or its scopes (user grants).",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    operationNotPermitted:
      "OAuth client '{{client}}' has capability '{{capability}}', which calls {{operation}}; that needs {{need}}, which none of its roles ({{roles}}) holds: it gets a 403. Add {{fix}}.",
    operationScopeMissing:
      "OAuth client '{{client}}' ({{grant}}) has capability '{{capability}}', which calls {{operation}}; that needs one of the scopes {{scopes}}, and the client has none: it gets a 403. Add '{{suggestion}}' to its scopes.",
    missingScope: "OAuth client '{{client}}' has capability '{{capability}}' but lacks scope '{{scope}}'; add '{{scope}}' to its scopes.",
    missingScopeOfFamily: "OAuth client '{{client}}' has capability '{{capability}}' but no scope matching '{{pattern}}'; add one, {{example}}.",
    missingPermission:
      "OAuth client '{{client}}' has capability '{{capability}}', which needs permission '{{permission}}', but none of its roles ({{roles}}) grants it; grant it to one of them or add a role that has it.",
  },
  check({ model, profiles, report, skip }) {
    const roles = roleDirectory(model.roles);
    for (const [org, client] of clientsOf(model)) {
      if (isUnknown(client, "capabilities")) {
        skip(SKIP_REASONS.noCapabilities, client.loc);
        continue;
      }
      if (isUnknown(client, "grant")) {
        skip(SKIP_REASONS.grantUnknown, client.loc);
        continue;
      }
      const clientCredentials = client.grant.value === "CLIENT-CREDENTIALS";
      if (isUnknown(client, clientCredentials ? "roles" : "scopes")) {
        skip(`OAuth clients whose ${clientCredentials ? "roles" : "scopes"} are computed (not literal, nor a variable's literal value) were not checked.`, client.loc);
        continue;
      }
      // A CLIENT-CREDENTIALS client without roles is grant-shape's finding; nothing here would add to it.
      if (clientCredentials && client.roles.length === 0) continue;
      const checkedOperations = new Set<string>();
      for (const capability of client.capabilities) {
        const profile = profiles.get(capability.value);
        if (profile === undefined) {
          skip(SKIP_REASONS.unknownProfile, capability.loc);
          continue;
        }
        const base = { scope: org, target: clientTarget(client.key), at: capability.loc } as const;
        const names = { client: client.key, capability: capability.value };
        // Operations lacking the same thing make one finding: "calls A and B; that needs ...".
        const lacking = new Map<string, { operations: string[]; verdict: Exclude<AccessVerdict, { kind: "allowed" | "unknown" }> }>();
        for (const operation of profile.operations) {
          // Two capabilities calling one operation: one finding.
          if (checkedOperations.has(operation.key)) continue;
          checkedOperations.add(operation.key);
          const verdict = accessTo(operation, client, roles);
          if (verdict.kind === "allowed") continue;
          if (verdict.kind === "unknown") {
            skip(skipReasonOf(verdict, operation.key, clientCredentials), capability.loc);
            continue;
          }
          // A client's verdicts are all of one kind (its grant decides): the same scopes, or the same permissions ANY/ALL.
          const key = JSON.stringify(verdict.kind === "missingScope" ? verdict.scopes : [verdict.type, verdict.missing]);
          const group = lacking.get(key);
          if (group === undefined) lacking.set(key, { operations: [operation.key], verdict });
          else group.operations.push(operation.key);
        }
        for (const { operations, verdict } of lacking.values()) {
          const operation = joinList(operations);
          if (verdict.kind === "missingPermissions") {
            report({ ...base, messageId: "operationNotPermitted", data: { ...names, operation, ...permissionNeed(verdict, client, roles, model.terraform !== undefined) } });
          } else {
            // Every operation of the group accepts the same scopes: the read-only one, where listed, is enough.
            const readOnly = verdict.scopes.find((scope) => scope.endsWith(":readonly"));
            const scopes = verdict.scopes.map((scope) => `'${scope}'`).join(", ");
            report({ ...base, messageId: "operationScopeMissing", data: { ...names, grant: client.grant.value, operation, scopes, suggestion: readOnly ?? verdict.scopes[0] } });
          }
        }
        if (!clientCredentials) {
          for (const required of profile.require) {
            if (client.scopes.some((scope) => scopeMatches(required, scope.value))) continue;
            if (isScopePattern(required)) {
              report({ ...base, messageId: "missingScopeOfFamily", data: { ...names, pattern: required, example: exampleOf(required, profile) } });
            } else {
              report({ ...base, messageId: "missingScope", data: { ...names, scope: required } });
            }
          }
          continue;
        }
        const granted = grantedPermissions(client, roles);
        if (granted === undefined) {
          if (profile.permissions.length > 0) skip(UNDECLARED_ROLES, capability.loc);
          continue;
        }
        for (const permission of profile.permissions) {
          if (granted.some((held) => permissionCovers(held, permission))) continue;
          const held = client.roles.map((grant) => `'${grant.role.value}'`).join(", ");
          report({ ...base, messageId: "missingPermission", data: { ...names, permission, roles: held } });
        }
      }
    }
  },
});

const UNDECLARED_ROLES =
  "CLIENT-CREDENTIALS clients holding roles whose permissions scopegate does not know (not declared under 'roles:', declared 'existing' without permissions, or scanned with permission policies that are not all literals) were not checked where their other roles fall short. Declare the roles with their permissions to check them.";

/** One note per kind of unknown: roles not declared, and per operation, scopes not known or odd permissions. */
function skipReasonOf(verdict: Extract<AccessVerdict, { kind: "unknown" }>, operation: string, clientCredentials: boolean): string {
  if (verdict.cause === "roles") return UNDECLARED_ROLES;
  return `${operation} was not checked for ${clientCredentials ? "CLIENT-CREDENTIALS" : "user-grant"} clients: ${verdict.reason}.`;
}

/** What a CLIENT-CREDENTIALS client lacks for one operation, and where to add it, for the message. */
function permissionNeed(
  verdict: Extract<AccessVerdict, { kind: "missingPermissions" }>,
  client: OAuthClientModel,
  roles: ReturnType<typeof roleDirectory>,
  scanned: boolean,
): { need: string; roles: string; fix: string } {
  const quoted = verdict.missing.map((permission) => `'${permission}'`).join(", ");
  const need =
    verdict.missing.length === 1 ? `permission ${quoted}` : verdict.type === "ANY" ? `one of the permissions ${quoted}` : `each of the permissions ${quoted}`;
  const held = verdict.roles.map((name) => `'${name}'`).join(", ");
  // A role scopegate creates is where the fix goes; an existing role is changed in the org, not here.
  const managed = verdict.roles.filter((name) => roles.get(name)?.existing === false);
  const what = verdict.missing.length === 1 ? "it" : verdict.type === "ANY" ? "one of them" : "them";
  // In scanned Terraform the role is a genesyscloud_auth_role resource; in a configuration, an entry of 'roles:'.
  const where = scanned ? "in its genesyscloud_auth_role" : "under 'roles:'";
  const fix =
    managed.length === 0
      ? `a role holding ${what} to client '${client.key}' (declare it under 'roles:'), or ${what} to one of its existing roles in each org`
      : managed.length === 1
        ? `${what} to the permissions of role '${managed[0]}' ${where}`
        : `${what} to one of its roles ${where} (${managed.map((name) => `'${name}'`).join(", ")})`;
  return { need, roles: held, fix };
}

/** How to meet a required pattern, for the message: a scope of the family the profile also permits, if any. */
function exampleOf(pattern: string, profile: CapabilityProfile): string {
  if (!pattern.endsWith(":*")) return "any scope ending in ':readonly'";
  const family = pattern.slice(0, -2);
  const permitted = permittedScopeEntries(profile);
  const candidate = [`${family}:readonly`, family].find((scope) => anyScopeMatches(permitted, scope)) ?? family;
  return `such as '${candidate}'`;
}

/** The permissions a CLIENT-CREDENTIALS client's roles grant, or undefined unless every one of its roles is declared. */
function grantedPermissions(client: OAuthClientModel, roles: ReturnType<typeof roleDirectory>): readonly string[] | undefined {
  const permissions: string[] = [];
  for (const grant of client.roles) {
    const held = knownPermissions(roles, grant.role.value);
    if (held === undefined) return undefined;
    permissions.push(...held);
  }
  return permissions;
}
