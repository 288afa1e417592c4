/**
 * The rules' messages tell a YAML user where to change `scopegate.yaml` (`under 'roles:'`, `'scopes.known'`,
 * `scopegate promote`). An app written in code has no such file: these are the same advice in the constructs' terms.
 * Applied to the messages of findings and skip notes of a `ScopegatePolicy`; the finding's `messageId` and `data`
 * stay as they are, so that its identity is the same whichever way the org was declared.
 */
const REWORDINGS: readonly (readonly [RegExp, string])[] = [
  [/, declared under 'roles:'\./g, ", created as a GenesysCustomRole."],
  [/\(declare it under 'roles:'\)/g, "(create it as a GenesysCustomRole)"],
  [/not declared under 'roles:'/g, "not created as a GenesysCustomRole"],
  [/one of its roles under 'roles:'/g, "one of its GenesysCustomRoles"],
  [/ under 'roles:'/g, " in its GenesysCustomRole"],
  [/Declare the roles with their permissions/g, "Create the roles as GenesysCustomRoles with their permissions"],
  [/Remove 'scopes:'/g, "Remove 'scopes'"],
  [/add 'capabilities:' with a built-in profile or one under 'profiles:'/g, "add 'capabilities' with a built-in profile"],
  [/add it under 'scopes\.known' \(scopes: \{ known: \[[^\]]*\] \}\)/g, "add it to the 'knownScopes' of ScopegatePolicy"],
  [/add it under 'scopes\.known'/g, "add it to the 'knownScopes' of ScopegatePolicy"],
  [/'policy\.tiers\.([\w{}]+)\.maxTokenValiditySeconds'/g, "'tiers.$1.maxTokenValiditySeconds' of ScopegatePolicy"],
  [/'exposeSecret/g, "'exposeClientSecret"],
  [/\('scopegate promote --from [^ ]+ --to ([^ ]+)' shows (?:and makes )?the change\)/g, "(make the same change in the '$1' GenesysOrgStack)"],
];

/** A rule's message or skip reason as a user of the constructs would act on it. */
export function codeWording(message: string): string {
  return REWORDINGS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
