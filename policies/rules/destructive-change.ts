import { joinList, quoteList } from "../../config/suggest";
import type { TfObject, TfPlan, TfResourceChange, TfValue } from "../../model/terraform";
import { clientTarget, defineRule, scopeOfScanned } from "../rule";

const CLIENT_TYPE = "genesyscloud_oauth_client";
const CREDENTIAL_TYPE = "genesyscloud_integration_credential";

/**
 * Plans that delete or replace an OAuth client, or change its grant type, stop every integration using it; changes
 * to its scopes or roles are listed for review. Waivable in prod: a rotation planned and announced may replace a
 * client on purpose, and a waiver narrowed to that client, with an owner and an expiry, records the decision.
 */
export default defineRule({
  id: "destructive-change",
  description: "A plan deletes, replaces, deactivates or changes the grant of no OAuth client (every integration using it would stop at once); changes to a client's scopes or roles are listed.",
  severity: { nonprod: "warning", prod: "error" },
  needs: ["plan"],
  infoMessages: ["scopesChanged", "rolesChanged"],
  messages: {
    deleted:
      "The plan deletes OAuth client '{{client}}' ({{address}}), {{dependants}}; deleting an OAuth client sets it inactive and then deletes it, so every integration using it stops at once: create the new client alongside the old one, switch the integrations to it, and remove the old one only then.",
    replaced:
      "The plan replaces OAuth client '{{client}}' ({{address}}) {{reason}}, {{dependants}}; the old client is set inactive and deleted, so every integration using it stops at once: create the new client as a separate resource alongside the old one, switch the integrations to it, and remove the old one only then.",
    grantTypeChanged:
      "The plan changes the grant of OAuth client '{{client}}' ({{address}}) from '{{before}}' to '{{after}}', which cannot change in place, so a new client replaces it, {{dependants}}; the old client is set inactive and deleted, so every integration using it stops at once: create a client with the new grant alongside the old one, switch the integrations to it, and remove the old one only then.",
    deactivated:
      "The plan sets OAuth client '{{client}}' ({{address}}) inactive, {{dependants}}; an inactive client issues no tokens, so every integration using it stops at once: switch the integrations to another client first.",
    scopesChanged: "The plan changes the scopes of OAuth client '{{client}}' ({{address}}) from {{before}} to {{after}}: added {{added}}, removed {{removed}}.",
    rolesChanged: "The plan changes the roles of OAuth client '{{client}}' ({{address}}) from {{before}} to {{after}}: added {{added}}, removed {{removed}}.",
  },
  check({ model, report }) {
    for (const plan of model.terraform?.plans ?? []) {
      const label = plan.configuration.label;
      const scope = scopeOfScanned(model, label);
      for (const change of plan.changes) {
        if (change.type !== CLIENT_TYPE) continue;
        const client = stringOf(entryOf(change.before, "name")) ?? stringOf(entryOf(change.after, "name")) ?? change.name;
        const base = { scope, target: clientTarget(change.name), at: change.loc } as const;
        const named = { client, address: change.address };
        if (change.actions.includes("delete")) {
          const impact = dependantsOf(change, plan);
          if (!change.actions.includes("create")) {
            report({ ...base, messageId: "deleted", data: { ...named, ...impact } });
            continue;
          }
          const paths = change.replacePaths.map(pathText);
          const reason = paths.length > 0 ? `because ${quoteList(paths, "and")} cannot change in place` : "although no attribute forces it (the client is tainted or replaced on request)";
          report({ ...base, messageId: "replaced", data: { ...named, paths: paths.length > 0 ? paths.join(", ") : "none", reason, ...impact } });
          continue;
        }
        if (!change.actions.includes("update")) continue;
        const grantBefore = stringOf(entryOf(change.before, "authorized_grant_type"));
        const grantAfter = stringOf(entryOf(change.after, "authorized_grant_type"));
        if (grantBefore !== undefined && grantAfter !== undefined && grantBefore !== grantAfter) {
          report({ ...base, messageId: "grantTypeChanged", data: { ...named, before: grantBefore, after: grantAfter, ...dependantsOf(change, plan) } });
        }
        if (stringOf(entryOf(change.before, "state")) !== "inactive" && stringOf(entryOf(change.after, "state")) === "inactive") {
          report({ ...base, messageId: "deactivated", data: { ...named, ...dependantsOf(change, plan) } });
        }
        const scopes = compareSets(stringsOf(change.before, "scopes"), stringsOf(change.after, "scopes"));
        if (scopes !== undefined) report({ ...base, messageId: "scopesChanged", data: { ...named, ...scopes } });
        const roles = compareSets(rolesOf(change.before), rolesOf(change.after));
        if (roles !== undefined) report({ ...base, messageId: "rolesChanged", data: { ...named, ...roles } });
      }
    }
  },
});

/**
 * What uses a client, as the plan's configuration says: integration credentials whose expressions reference it, the
 * credential the provider made for it (`integration_credential_name`), and other resources referencing it.
 */
function dependantsOf(change: TfResourceChange, plan: TfPlan): { dependants: string; credentials: string; resources: string } {
  const credentials: string[] = [];
  const resources: string[] = [];
  // The configuration is the root module's: a client in a child module has no dependants there to find.
  const address = `${change.type}.${change.name}`;
  if (change.address === address || change.address.startsWith(`${address}[`)) {
    for (const block of plan.configuration.blocks) {
      // Resources only; the client's own block is none of them, as no resource may reference itself.
      if (block.kind !== "resource") continue;
      if (!referencesIn(block.body).some((reference) => reference === address || reference.startsWith(`${address}.`) || reference.startsWith(`${address}[`))) continue;
      const blockAddress = `${block.type}.${block.name}`;
      if (block.type !== CREDENTIAL_TYPE) {
        resources.push(blockAddress);
        continue;
      }
      const name = literalOf(entryOf(block.body, "name"));
      credentials.push(name === undefined ? blockAddress : `${blockAddress} ('${name}')`);
    }
  }
  const ownCredential = stringOf(entryOf(change.before, "integration_credential_name"));
  if (ownCredential !== undefined && ownCredential !== "") credentials.push(`'${ownCredential}' (made by the provider from integration_credential_name)`);
  const used = [
    ...credentials.map((credential) => `integration credential ${credential}`),
    ...resources.map((resource) => `resource ${resource}`),
  ];
  return {
    dependants: used.length > 0 ? `used by ${joinList(used)}` : "used by no integration credential or resource of this configuration",
    credentials: credentials.length > 0 ? credentials.join(", ") : "none",
    resources: resources.length > 0 ? resources.join(", ") : "none",
  };
}

/**
 * Before and after as lists, and what was added and removed; undefined when the sets are equal or after is unknown.
 * A before the plan does not record counts as empty.
 */
function compareSets(before: readonly string[] | undefined, after: readonly string[] | undefined): { before: string; after: string; added: string; removed: string } | undefined {
  if (after === undefined) return undefined;
  const old = new Set(before ?? []);
  const now = new Set(after);
  const added = [...now].filter((item) => !old.has(item));
  const removed = [...old].filter((item) => !now.has(item));
  if (added.length === 0 && removed.length === 0) return undefined;
  const list = (items: readonly string[]) => `[${items.join(", ")}]`;
  const listed = (items: readonly string[]) => (items.length > 0 ? items.join(", ") : "none");
  return { before: list([...old]), after: list([...now]), added: listed(added), removed: listed(removed) };
}

/**
 * A set of strings, quoted (null is none); undefined when the plan does not know it: Terraform leaves a value known
 * only after apply out of `after`, and writes an unknown item of a list as null. Also undefined without values at all.
 */
function stringsOf(object: TfObject | undefined, key: string): string[] | undefined {
  const value = entryOf(object, key);
  if (value === undefined) return undefined;
  if (value.kind !== "list") return value.kind === "literal" && value.value === null ? [] : undefined;
  const items = value.items.map(stringOf);
  return items.every((item) => item !== undefined) ? items.map((item) => `'${item}'`) : undefined;
}

/** A client's roles as `role '<id>' in <division>`; undefined when a role id is not known yet. */
function rolesOf(object: TfObject | undefined): string[] | undefined {
  const value = entryOf(object, "roles");
  if (value === undefined) return undefined;
  if (value.kind !== "list") return value.kind === "literal" && value.value === null ? [] : undefined;
  const roles: string[] = [];
  for (const item of value.items) {
    if (item.kind !== "object") return undefined;
    const role = stringOf(entryOf(item, "role_id"));
    if (role === undefined) return undefined;
    const division = stringOf(entryOf(item, "division_id")) ?? "";
    roles.push(`role '${role}' in ${division === "" ? "the home division" : division === "*" ? "all divisions" : `division '${division}'`}`);
  }
  return roles;
}

/** Every reference of every expression in a value. */
function referencesIn(value: TfValue): string[] {
  switch (value.kind) {
    case "expression":
      return [...value.references];
    case "list":
      return value.items.flatMap(referencesIn);
    case "object":
      return [...value.entries.values()].flatMap(referencesIn);
    default:
      return [];
  }
}

function entryOf(object: TfObject | undefined, key: string): TfValue | undefined {
  return object?.entries.get(key);
}

/** A plan value as text (the attributes read are strings): a literal, or the text of what reads as an expression. */
function stringOf(value: TfValue | undefined): string | undefined {
  if (value?.kind === "literal") return typeof value.value === "string" ? value.value : undefined;
  // Plan values are computed: a `${` in one is text the JSON reader took for an expression.
  return value?.kind === "expression" ? value.text : undefined;
}

/** A literal of the configuration as text, as Terraform converts it to a string; an expression is unknown there. */
function literalOf(value: TfValue | undefined): string | undefined {
  return value?.kind === "literal" && value.value !== null ? String(value.value) : undefined;
}

/** `["roles", 0, "role_id"]` → `roles[0].role_id`. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((step, index) => (typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`)).join("");
}
