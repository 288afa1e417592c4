import { type Precondition, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { DataGenesyscloudOrganizationsMe } from "../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import type { OauthClient } from "../.gen/providers/genesyscloud/oauth-client";
import { clientIdOutputName } from "../config/outputs";
import { regionEndpoints } from "../config/regions";
import { templateText } from "./hcl";

export interface EnvironmentBindingsProps {
  /** The org lookup. */
  readonly org: DataGenesyscloudOrganizationsMe;
  /** The org's region (the provider's `aws_region`). */
  readonly region: string;
  /** The org-identity guard, put on `org_id`. */
  readonly guard: Precondition;
  /** Whether bindings come from a scopegate.yaml, for their outputs' descriptions. @default false */
  readonly fromConfiguration?: boolean;
}

/**
 * What an application needs to talk to this org after `cdktf deploy`, as Terraform outputs: org id and name,
 * region, API and login base URLs, then every client's id (`addClient`) and the values an application needs
 * (`addBinding`). Nothing secret is ever an output.
 */
export class EnvironmentBindings extends Construct {
  /** Who emits each output, for the message when a second one would take its name. */
  private readonly owners = new Map<string, string>();
  private readonly fromConfiguration: boolean;

  constructor(scope: Construct, id: string, props: EnvironmentBindingsProps) {
    super(scope, id);
    this.fromConfiguration = props.fromConfiguration === true;
    const endpoints = regionEndpoints(props.region);
    const builtIn = "a built-in output";
    this.output("org_id", props.org.id, "Id of the Genesys Cloud org (from data.genesyscloud_organizations_me).", builtIn, props.guard);
    this.output("org_name", props.org.name, "Name of the Genesys Cloud org.", builtIn);
    this.output("region", props.region, "Genesys Cloud region (the provider's aws_region).", builtIn);
    this.output("api_base_url", endpoints.apiBaseUrl, "Base URL of the Platform API for this org's region.", builtIn);
    this.output("login_base_url", endpoints.loginBaseUrl, "Base URL of the login (OAuth) service for this org's region.", builtIn);
  }

  /** The client id output of each of a client's resources (one per rotation copy): `<key>_client_id`, `<key>_2_client_id` … */
  addClient(key: string, resources: readonly OauthClient[]): void {
    for (let i = 0; i < resources.length; i++) {
      const name = clientIdOutputName(key, i + 1);
      this.output(name, resources[i].clientId, `OAuth client id of '${key}'${resources.length > 1 ? ` (rotation copy ${i + 1})` : ""}.`, `the output of OAuth client '${key}'`);
    }
  }

  /** A value an application needs in this environment, as an output of that name (text is written as literal text). */
  addBinding(name: string, value: string | number | boolean): void {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`Binding '${name}' of '${this.node.scope?.node.path}' is not an output name; expected letters, digits and '_', starting with a letter, such as 'apiAudience'.`);
    }
    this.output(name, typeof value === "string" ? templateText(value) : value, `Binding '${name}'${this.fromConfiguration ? " declared in the scopegate configuration" : ""}.`, `binding '${name}'`);
  }

  private output(name: string, value: unknown, description: string, owner: string, precondition?: Precondition): void {
    const taken = this.owners.get(name);
    if (taken !== undefined) {
      throw new Error(`Output '${name}' of '${this.node.scope?.node.path}', for ${owner}, is already ${taken}; rename the client or the binding (a client '<id>' emits '<id>_client_id', with '-' as '_', and '<id>_<n>_client_id' per rotation copy).`);
    }
    this.owners.set(name, owner);
    const out = new TerraformOutput(this, name, { value, description });
    out.overrideLogicalId(name);
    // cdktf 0.21 keeps an output's `precondition` but leaves it out of the JSON it writes.
    if (precondition) out.addOverride("precondition", [{ condition: precondition.condition, error_message: precondition.errorMessage }]);
  }
}
