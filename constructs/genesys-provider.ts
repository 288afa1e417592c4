import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { GenesyscloudProvider } from "../.gen/providers/genesyscloud/provider";

export interface GenesysProviderProps {
  /** The provider's `aws_region`. */
  readonly region: string;
  /** Names of the environment variables holding the deploying client's id and secret. */
  readonly credentials: { readonly clientIdEnv: string; readonly clientSecretEnv: string };
  /** Stack name, for the variables' descriptions. */
  readonly stackName: string;
  /** Whether `scopegate deploy <stack>` deploys the stack (a stack of a scopegate.yaml), for the variables' descriptions. @default false */
  readonly deployedByScopegate?: boolean;
}

/**
 * The `genesyscloud` provider of one org. Credentials are sensitive Terraform variables named after the
 * configured environment variables (`TF_VAR_<NAME>`, set by `scopegate deploy` from `<NAME>`): their values are
 * read at plan time and never appear in the synthesized JSON.
 */
export class GenesysProvider extends Construct {
  /** The L1 provider, construct id "Resource". */
  public readonly resource: GenesyscloudProvider;

  constructor(scope: Construct, id: string, props: GenesysProviderProps) {
    super(scope, id);
    const variable = (constructId: string, envName: string, what: string) => {
      const v = new TerraformVariable(this, constructId, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `${what} of the OAuth client Terraform deploys ${props.stackName} with. Set TF_VAR_${envName} from ${envName}${props.deployedByScopegate === true ? `, or run 'npx scopegate deploy ${props.stackName}'` : ""}.`,
      });
      v.overrideLogicalId(envName);
      return v;
    };
    const clientId = variable("ClientId", props.credentials.clientIdEnv, "Client id");
    const clientSecret = variable("ClientSecret", props.credentials.clientSecretEnv, "Client secret");
    this.resource = new GenesyscloudProvider(this, "Resource", {
      awsRegion: props.region,
      oauthclientId: clientId.stringValue,
      oauthclientSecret: clientSecret.stringValue,
    });
  }
}
