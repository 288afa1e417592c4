import { Fn, type Precondition } from "cdktf";
import { Construct } from "constructs";
import { DataGenesyscloudOrganizationsMe } from "../.gen/providers/genesyscloud/data-genesyscloud-organizations-me";
import { hclString, templateText } from "./hcl";

export interface OrgIdentityProps {
  /** The org the credentials must belong to: its name or its short (login) name. */
  readonly orgName: string;
  /** `<tenant>-<environment>`, for the error message. */
  readonly stackName: string;
  /** Names of the credential variables, for the error message. */
  readonly credentialNames: readonly string[];
}

/**
 * The org behind the provider's credentials (`data.genesyscloud_organizations_me`) and the guard that stops a plan
 * when it is not the declared org. The org id is always this data source's id, never an input.
 */
export class OrgIdentity extends Construct {
  /** The data source, Terraform address `data.genesyscloud_organizations_me.org`. */
  public readonly org: DataGenesyscloudOrganizationsMe;
  /** A precondition that refuses to plan what it is put on unless the credentials belong to the declared org. */
  public readonly guard: Precondition;

  constructor(scope: Construct, id: string, props: OrgIdentityProps) {
    super(scope, id);
    const expected = hclString(props.orgName);
    const message = (actual: string) =>
      `Stack ${props.stackName} is declared for Genesys Cloud org ${templateText(props.orgName)}, but the credentials in ${props.credentialNames.join(" / ")} belong to org ${actual}. Refusing to plan: point the stack at the right credentials.`;

    this.org = new DataGenesyscloudOrganizationsMe(this, "Org", {
      lifecycle: {
        postcondition: [
          {
            condition: `\${contains([self.name, self.third_party_org_name], ${expected})}`,
            errorMessage: message("${self.name} (${self.third_party_org_name})"),
          },
        ],
      },
    });
    this.org.overrideLogicalId("org");

    this.guard = {
      // The org name stays a string literal whatever it holds: rawString escapes quotes and `${`; backslashes and `%{`
      // are escaped before it. So a name can never end the literal or become an expression.
      condition: Fn.contains([this.org.name, this.org.thirdPartyOrgName], Fn.rawString(props.orgName.replace(/\\/g, "\\\\").replace(/%\{/g, "%%{"))),
      errorMessage: message(`${this.org.name} (${this.org.thirdPartyOrgName})`),
    };
  }
}
