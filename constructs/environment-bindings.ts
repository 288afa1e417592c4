import { type Precondition, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { DataGenesyscloudOrganizationsMe } from "../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import type { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import type { BindingModel } from "../config/model";
import { clientIdOutputName } from "../config/outputs";
import { regionEndpoints } from "../config/regions";
import { templateText } from "./hcl";

export interface EnvironmentBindingsProps {
  readonly org: DataGenesyscloudOrganizationsMe;
  readonly region: string;
  /** Each declared client's key and its resources (one per rotation copy). */
  readonly clients: readonly { readonly key: string; readonly resources: readonly OauthClient[] }[];
  /** The org's own `bindings:` values. */
  readonly bindings: readonly BindingModel[];
  /** The org-identity guard, put on `org_id`. */
  readonly guard: Precondition;
}

/**
 * What an application needs to talk to this org after `cdktf deploy`, as Terraform outputs: org id and name,
 * region, API and login base URLs, every client's id and the org's `bindings:`. Nothing secret is ever an output.
 */
export class EnvironmentBindings extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentBindingsProps) {
    super(scope, id);
    const endpoints = regionEndpoints(props.region);
    const output = (name: string, value: unknown, description: string, precondition?: Precondition) => {
      const out = new TerraformOutput(this, name, { value, description });
      out.overrideLogicalId(name);
      // cdktf 0.21 keeps an output's `precondition` but leaves it out of the JSON it writes.
      if (precondition) out.addOverride("precondition", [{ condition: precondition.condition, error_message: precondition.errorMessage }]);
    };

    output("org_id", props.org.id, "Id of the Genesys Cloud org (from data.genesyscloud_organizations_me).", props.guard);
    output("org_name", props.org.name, "Name of the Genesys Cloud org.");
    output("region", props.region, "Genesys Cloud region (the provider's aws_region).");
    output("api_base_url", endpoints.apiBaseUrl, "Base URL of the Platform API for this org's region.");
    output("login_base_url", endpoints.loginBaseUrl, "Base URL of the login (OAuth) service for this org's region.");
    for (const client of props.clients) {
      client.resources.forEach((resource, i) => {
        const name = clientIdOutputName(client.key, i + 1);
        output(name, resource.clientId, `OAuth client id of '${client.key}'${client.resources.length > 1 ? ` (rotation copy ${i + 1})` : ""}.`);
      });
    }
    for (const binding of props.bindings) {
      const value = binding.value.value;
      output(binding.name, typeof value === "string" ? templateText(value) : value, `Binding '${binding.name}' declared in the scopegate configuration.`);
    }
  }
}
