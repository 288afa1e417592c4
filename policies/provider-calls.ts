/**
 * The Platform API calls the genesyscloud Terraform provider (MyPureCloud/terraform-provider-genesyscloud, the
 * v1.84.1 the stacks pin) makes for each resource and data source type scopegate synthesizes, written by hand from the
 * provider's Go source, with what each call requires as the operations catalog (`data/api-operations/`) has it.
 *
 * Why not the docs' list (`data/resource-permissions.json`): the docs' generator lumps together every permission of
 * every call a type can make, without saying which are alternatives and which are only needed in some cases. Here
 * each call is listed once per type with the SDK method that makes it; calls a scopegate stack never makes are listed
 * apart (`skipped`), with the reason.
 *
 * The Go files cited were read from the stored copies of the provider's repository (GitHub), whose versions are not
 * all the v1.84.1 tag: the SDK major they import ranges from platform-client-sdk-go v133 to v165. Each type's comment
 * says which copy. Where a later version changes a call, this table must follow; the test beside it only keeps the
 * calls' requirements equal to the catalog's.
 *
 * The calls' requirements are copied here from the catalog (a test keeps them equal) so that computing a deploy
 * client's needs never loads the 800 KB catalog, as `profiles.ts` does with its built-in operations.
 */
import type { PermissionRule } from "./operations";

/** What one Platform API operation requires, as `data/api-operations/` has it. */
export interface CallRequirements {
  readonly permissions: { readonly type: PermissionRule; readonly list: readonly string[] };
  /** The scopes that allow the call: any one of them; `[]` when it lists none. */
  readonly scopes: readonly string[];
}

/** The operations catalog version the requirements below come from (`operationCatalog().version`). */
export const CALL_REQUIREMENTS_VERSION = "SDK 259.0.0, 2026-08-15";

/** Every call in the table below, demanded or skipped, keyed as the catalog keys it. */
export const CALL_REQUIREMENTS: Readonly<Record<string, CallRequirements>> = {
  "GET /api/v2/tokens/me": { permissions: { type: "NONE", list: [] }, scopes: ["user-basic-info"] },
  "GET /api/v2/organizations/me": { permissions: { type: "NONE", list: [] }, scopes: ["organization", "organization:readonly"] },
  "POST /api/v2/oauth/clients": { permissions: { type: "ANY", list: ["oauth:client:add"] }, scopes: ["oauth"] },
  "GET /api/v2/oauth/clients/{clientId}": { permissions: { type: "ANY", list: ["oauth:client:view"] }, scopes: ["oauth", "oauth:readonly"] },
  "PUT /api/v2/oauth/clients/{clientId}": { permissions: { type: "ANY", list: ["oauth:client:edit"] }, scopes: ["oauth"] },
  "DELETE /api/v2/oauth/clients/{clientId}": { permissions: { type: "ANY", list: ["oauth:client:delete"] }, scopes: ["oauth"] },
  "GET /api/v2/users/me": { permissions: { type: "NONE", list: [] }, scopes: ["user-basic-info"] },
  "GET /api/v2/users/{subjectId}/roles": { permissions: { type: "ANY", list: ["authorization:grant:view"] }, scopes: ["authorization", "authorization:readonly"] },
  "PUT /api/v2/users/{subjectId}/roles": { permissions: { type: "ANY", list: ["authorization:grant:add"] }, scopes: ["authorization"] },
  "POST /api/v2/integrations/credentials": { permissions: { type: "ANY", list: ["integrations:integration:add"] }, scopes: ["integrations"] },
  "GET /api/v2/integrations/credentials/{credentialId}": { permissions: { type: "ANY", list: ["integrations:integration:view"] }, scopes: ["integrations", "integrations:readonly"] },
  "PUT /api/v2/integrations/credentials/{credentialId}": { permissions: { type: "ANY", list: ["integrations:integration:edit"] }, scopes: ["integrations"] },
  "DELETE /api/v2/integrations/credentials/{credentialId}": { permissions: { type: "ANY", list: ["integrations:integration:delete"] }, scopes: ["integrations"] },
  "GET /api/v2/authorization/roles": { permissions: { type: "ANY", list: ["authorization:role:view"] }, scopes: ["authorization", "authorization:readonly"] },
  "POST /api/v2/authorization/roles": { permissions: { type: "ANY", list: ["authorization:role:add"] }, scopes: ["authorization"] },
  "GET /api/v2/authorization/roles/{roleId}": { permissions: { type: "ANY", list: ["authorization:role:view"] }, scopes: ["authorization", "authorization:readonly"] },
  "PUT /api/v2/authorization/roles/{roleId}": { permissions: { type: "ANY", list: ["authorization:role:edit"] }, scopes: ["authorization"] },
  "DELETE /api/v2/authorization/roles/{roleId}": { permissions: { type: "ANY", list: ["authorization:role:delete"] }, scopes: ["authorization"] },
  "PUT /api/v2/authorization/roles/default": { permissions: { type: "ANY", list: ["authorization:role:edit"] }, scopes: ["authorization"] },
  "GET /api/v2/authorization/permissions": { permissions: { type: "NONE", list: [] }, scopes: ["authorization", "authorization:readonly"] },
  "GET /api/v2/authorization/divisions": { permissions: { type: "NONE", list: [] }, scopes: ["authorization", "authorization:readonly"] },
  "GET /api/v2/authorization/divisions/home": { permissions: { type: "NONE", list: [] }, scopes: ["authorization", "authorization:readonly"] },
};

/** One call a type makes. */
export interface ProviderCall {
  /** `"<METHOD> <path>"`, as the operations catalog keys it. */
  readonly call: string;
  /** The platform-client-sdk-go method the provider calls. */
  readonly sdk: string;
  /** When the provider makes it. */
  readonly when: string;
}

/** A call the type can make that a stack scopegate synthesizes never makes, and why. */
export interface SkippedCall extends ProviderCall {
  readonly skippedBecause: string;
}

/** The calls of one resource or data source type. */
export interface TypeCalls {
  /** The files of MyPureCloud/terraform-provider-genesyscloud the calls were read from. */
  readonly sources: readonly string[];
  /** The calls a scopegate stack makes for the type: the deploy client needs what each requires. */
  readonly calls: readonly ProviderCall[];
  readonly skipped: readonly SkippedCall[];
}

/** The provider's credentials in a scopegate stack: always client credentials (no `access_token` is ever set). */
const CLIENT_CREDENTIALS_ONLY =
  "scopegate's stacks run the provider with client credentials, so the token's client is the deploy client, never the built-in client of a user's token";
const NO_INTEGRATION_CREDENTIAL = "scopegate never sets 'integration_credential_name' (nor reads 'integration_credential_id')";

/** Resource types, by Terraform type name. */
export const RESOURCE_CALLS: Readonly<Record<string, TypeCalls>> = {
  // genesyscloud/oauth_client/resource_genesyscloud_oauth_client.go (create, read, cascadeUpdateOAuthClient, delete,
  // updateTerraformUserWithRole; stored copy on platform-client-sdk-go v146) and
  // genesyscloud/oauth_client/resource_genesyscloud_oauth_client_proxy.go (the SDK calls; stored copy on v133).
  genesyscloud_oauth_client: {
    sources: ["genesyscloud/oauth_client/resource_genesyscloud_oauth_client.go", "genesyscloud/oauth_client/resource_genesyscloud_oauth_client_proxy.go"],
    calls: [
      {
        call: "GET /api/v2/tokens/me",
        sdk: "TokensApi.GetTokensMe",
        when: "create: the org check, whether the provider's token belongs to the built-in client of a user (organization 'purecloud-builtin'); for any other client it stops there",
      },
      { call: "POST /api/v2/oauth/clients", sdk: "OAuthApi.PostOauthClients", when: "create, with the client's roles (role_divisions)" },
      { call: "GET /api/v2/oauth/clients/{clientId}", sdk: "OAuthApi.GetOauthClient", when: "read (after create and update, and on every plan); delete, polling until it is gone" },
      { call: "PUT /api/v2/oauth/clients/{clientId}", sdk: "OAuthApi.PutOauthClient", when: "update; delete, which first sets the client inactive" },
      { call: "DELETE /api/v2/oauth/clients/{clientId}", sdk: "OAuthApi.DeleteOauthClient", when: "delete" },
    ],
    skipped: [
      { call: "GET /api/v2/users/me", sdk: "UsersApi.GetUsersMe", when: "create, when the org check finds a user's token: the user running Terraform", skippedBecause: CLIENT_CREDENTIALS_ONLY },
      { call: "GET /api/v2/users/{subjectId}/roles", sdk: "UsersApi.GetUserRoles", when: "create, with a user's token: that user's roles", skippedBecause: CLIENT_CREDENTIALS_ONLY },
      { call: "PUT /api/v2/users/{subjectId}/roles", sdk: "UsersApi.PutUserRoles", when: "create, with a user's token: grants the new client's roles to that user", skippedBecause: CLIENT_CREDENTIALS_ONLY },
      { call: "POST /api/v2/integrations/credentials", sdk: "IntegrationsApi.PostIntegrationsCredentials", when: "create and update, with 'integration_credential_name'", skippedBecause: NO_INTEGRATION_CREDENTIAL },
      { call: "GET /api/v2/integrations/credentials/{credentialId}", sdk: "IntegrationsApi.GetIntegrationsCredential", when: "update and delete, with an integration credential", skippedBecause: NO_INTEGRATION_CREDENTIAL },
      { call: "PUT /api/v2/integrations/credentials/{credentialId}", sdk: "IntegrationsApi.PutIntegrationsCredential", when: "update, with 'integration_credential_name'", skippedBecause: NO_INTEGRATION_CREDENTIAL },
      { call: "DELETE /api/v2/integrations/credentials/{credentialId}", sdk: "IntegrationsApi.DeleteIntegrationsCredential", when: "update and delete, with an integration credential", skippedBecause: NO_INTEGRATION_CREDENTIAL },
    ],
  },
  // genesyscloud/auth_role/resource_genesyscloud_auth_role.go (create, read, update, delete; stored copy on v146),
  // genesyscloud/auth_role/resource_genesyscloud_auth_role_utils.go (validatePermissionPolicy; v133) and
  // genesyscloud/auth_role/genesyscloud_auth_role_proxy.go (the SDK calls; v133).
  genesyscloud_auth_role: {
    sources: [
      "genesyscloud/auth_role/resource_genesyscloud_auth_role.go",
      "genesyscloud/auth_role/resource_genesyscloud_auth_role_utils.go",
      "genesyscloud/auth_role/genesyscloud_auth_role_proxy.go",
    ],
    calls: [
      {
        call: "GET /api/v2/authorization/permissions",
        sdk: "AuthorizationApi.GetAuthorizationPermissions",
        when: "create and update: once per permission policy, checking that its domain, entity and actions exist in the org (queryType 'domain')",
      },
      { call: "POST /api/v2/authorization/roles", sdk: "AuthorizationApi.PostAuthorizationRoles", when: "create, with the role's permission policies" },
      { call: "GET /api/v2/authorization/roles/{roleId}", sdk: "AuthorizationApi.GetAuthorizationRole", when: "read (after create and update, and on every plan); delete, polling until it is gone" },
      { call: "PUT /api/v2/authorization/roles/{roleId}", sdk: "AuthorizationApi.PutAuthorizationRole", when: "update, with the role's permission policies" },
      { call: "DELETE /api/v2/authorization/roles/{roleId}", sdk: "AuthorizationApi.DeleteAuthorizationRole", when: "delete" },
    ],
    skipped: [
      { call: "GET /api/v2/authorization/roles", sdk: "AuthorizationApi.GetAuthorizationRoles", when: "create, with 'default_role_id': finds the default role", skippedBecause: "scopegate never sets 'default_role_id'" },
      { call: "PUT /api/v2/authorization/roles/default", sdk: "AuthorizationApi.PutAuthorizationRolesDefault", when: "delete, with 'default_role_id': restores the default role", skippedBecause: "scopegate never sets 'default_role_id'" },
    ],
  },
};

/** Data source types, by Terraform type name (without `data.`). */
export const DATA_SOURCE_CALLS: Readonly<Record<string, TypeCalls>> = {
  // genesyscloud/data_source_genesyscloud_organizations_me.go (dataSourceOrganizationsMeRead; stored copy on v165).
  // The provider's own configure step makes the same call.
  genesyscloud_organizations_me: {
    sources: ["genesyscloud/data_source_genesyscloud_organizations_me.go"],
    calls: [{ call: "GET /api/v2/organizations/me", sdk: "OrganizationApi.GetOrganizationsMe", when: "read" }],
    skipped: [],
  },
  // genesyscloud/auth_role/data_source_genesyscloud_auth_role.go (DataSourceAuthRoleRead; stored copy on v133).
  genesyscloud_auth_role: {
    sources: ["genesyscloud/auth_role/data_source_genesyscloud_auth_role.go"],
    calls: [{ call: "GET /api/v2/authorization/roles", sdk: "AuthorizationApi.GetAuthorizationRoles", when: "read: the role by name" }],
    skipped: [],
  },
  // genesyscloud/auth_division/data_source_genesyscloud_auth_division.go (a cache of every division, else a lookup by
  // name) and genesyscloud/auth_division/genesyscloud_auth_division_proxy.go (getAllAuthDivisionFn; v149).
  genesyscloud_auth_division: {
    sources: ["genesyscloud/auth_division/data_source_genesyscloud_auth_division.go", "genesyscloud/auth_division/genesyscloud_auth_division_proxy.go"],
    calls: [{ call: "GET /api/v2/authorization/divisions", sdk: "AuthorizationApi.GetAuthorizationDivisions", when: "read: every division, or the division by name" }],
    skipped: [],
  },
  // genesyscloud/data_source_genesyscloud_auth_division_home.go (dataSourceAuthDivisionHomeRead; the stored copy is
  // an old one, on v91; the call it makes is the one the docs list for the type).
  genesyscloud_auth_division_home: {
    sources: ["genesyscloud/data_source_genesyscloud_auth_division_home.go"],
    calls: [{ call: "GET /api/v2/authorization/divisions/home", sdk: "AuthorizationApi.GetAuthorizationDivisionsHome", when: "read" }],
    skipped: [],
  },
};

/** Where the table comes from, for reports. */
export const PROVIDER_CALLS_SOURCE = `the Platform API calls of MyPureCloud/terraform-provider-genesyscloud v1.84.1 per type (policies/provider-calls.ts, read from the provider's Go source), each call's permissions and scopes from the operations catalog (${CALL_REQUIREMENTS_VERSION})`;

/** What a call requires; throws for a call the table lacks (a bug). */
export function requirementsOf(call: string): CallRequirements {
  const requirements = CALL_REQUIREMENTS[call];
  if (requirements === undefined) throw new Error(`call '${call}' is missing from CALL_REQUIREMENTS`);
  return requirements;
}
