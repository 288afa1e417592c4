import type { Precondition } from "cdktf";
import { Construct } from "constructs";
import { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import type { OAuthClientModel } from "../config/model";
import { rotationCopyNames } from "../config/outputs";
import type { DirectoryLookups } from "./directory-lookups";
import { templateText } from "./hcl";
import { annotateForScan } from "./scan-annotations";

export interface TenantOAuthClientProps {
  /** The client as declared for this environment (overrides applied). */
  readonly client: OAuthClientModel;
  /** Role and division lookups of the stack. */
  readonly lookups: DirectoryLookups;
  /** Put on every client: refuses to plan in an org other than the declared one. */
  readonly guard: Precondition;
  /** Description when the client declares none. */
  readonly defaultDescription: string;
}

/**
 * One declared OAuth client: `rotation` identical `genesyscloud_oauth_client` resources. Copy 1 keeps the
 * address `genesyscloud_oauth_client.<key>` whether or not the client is rotated, so turning rotation on adds
 * clients instead of replacing the one integrations already use. Declared text is written as literal text: a `${`
 * in a name or URI never becomes a Terraform interpolation.
 */
export class TenantOAuthClient extends Construct {
  /** The generated resources, copy 1 first; construct ids "Resource", "Resource2", ... */
  public readonly resources: readonly OauthClient[];

  constructor(scope: Construct, id: string, props: TenantOAuthClientProps) {
    super(scope, id);
    const { client, lookups } = props;
    const copies = client.rotation.value;
    const roles = client.roles.map((grant) => ({
      roleId: lookups.roleId(grant.role.value),
      divisionId: lookups.divisionId(grant.division.value),
    }));

    const names = rotationCopyNames(client.name.value, copies);
    this.resources = names.map((name, i) => {
      const copy = i + 1;
      const resource = new OauthClient(this, copy === 1 ? "Resource" : `Resource${copy}`, {
        name: templateText(name),
        description: templateText(client.description?.value ?? props.defaultDescription),
        authorizedGrantType: client.grant.value,
        scopes: client.scopes.length > 0 ? client.scopes.map((scope) => templateText(scope.value)) : undefined,
        roles: roles.length > 0 ? roles : undefined,
        registeredRedirectUris: client.redirectUris.length > 0 ? client.redirectUris.map((uri) => templateText(uri.value)) : undefined,
        accessTokenValiditySeconds: client.tokenValiditySeconds?.value,
        state: client.state.value,
        exposeClientSecret: client.exposeSecret.value,
        directoryClientSecret: client.secretDirectory === undefined ? undefined : templateText(client.secretDirectory.value),
        lifecycle: { precondition: [props.guard] },
      });
      resource.overrideLogicalId(copy === 1 ? client.key : `${client.key}_${copy}`);
      annotateForScan(resource, {
        client: client.key,
        capabilities: client.capabilities.map((capability) => capability.value),
        ...(copies > 1 ? { rotation: String(copies), copy: String(copy) } : {}),
      });
      return resource;
    });
  }
}
