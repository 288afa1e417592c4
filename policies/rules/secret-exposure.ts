import type { SourceLocation } from "../../model/model";
import type { TfBlock, TfModule, TfValue } from "../../model/terraform";
import { singleReference, variableValueOf } from "../../model/terraform";
import { clientsOf, clientTarget, defineRule, isUnknown, scopeOfScanned } from "../rule";

/** Where the provider and its resources take a credential, by block (`provider <type>`, `resource <type>`). */
const CREDENTIAL_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // The provider reads each from the environment when the block leaves it out (PROVIDER.md).
  "provider genesyscloud": {
    oauthclient_id: "the environment variable GENESYSCLOUD_OAUTHCLIENT_ID",
    oauthclient_secret: "the environment variable GENESYSCLOUD_OAUTHCLIENT_SECRET",
    access_token: "the environment variable GENESYSCLOUD_ACCESS_TOKEN",
  },
  "resource genesyscloud_user": { password: "a sensitive variable without a default, set from a secret store" },
};

/** `fields` of an integration credential: those whose name says they hold a secret (not `clientId`, `loginUrl` …). */
const INTEGRATION_CREDENTIAL = "resource genesyscloud_integration_credential";
/** A field named for a secret as a whole (`clientSecret`, `password`, `apiKey`), not one about it (`tokenUrl`, `apiKeyHeader`). */
const SECRET_FIELD = /^(client_?secret|secret(_?key)?|password|passwd|api_?key|(access_?|refresh_?|bearer_?)?token|private_?key)$/i;
const SECRET_STORE = "a sensitive variable without a default, set from a secret store";

/**
 * Values that stand in for a credential rather than being one: `""`, `<client-secret>`, `CHANGEME`, `xxxx`, and the
 * tokens CI pipelines replace before Terraform runs: `__ClientSecret__`, `#{ClientSecret}#`, `%CLIENT_SECRET%`,
 * `${CLIENT_SECRET}`, `<<REPLACE_ME>>`, `{{secret}}`.
 */
const PLACEHOLDER = /^(|<[^>]*>|<<[^>]*>>|\{\{[^}]*\}\}|__\w+__|#\{[^}]*\}#?|%\w+%|\$?\$\{[^}]*\}|x+|\*+|\.+|change[-_ ]?me|replace[-_ ]?me|todo|tbd|dummy|placeholder|your[-_ ].*)$/i;

/** Whether a literal looks like a credential: a string (or number) that is not empty nor an obvious placeholder. */
function looksLikeCredential(value: TfValue): boolean {
  if (value.kind !== "literal" || (typeof value.value !== "string" && typeof value.value !== "number")) return false;
  return !PLACEHOLDER.test(String(value.value).trim());
}

/** A credential committed in a module, located at its literal; never its value. */
interface CommittedCredential {
  /** `oauthclient_secret of provider 'genesyscloud'`, `fields.clientSecret of genesyscloud_integration_credential.crm`. */
  readonly attribute: string;
  /** The variable it is set through, when it is. */
  readonly variable?: string;
  /** How the variable got it: `its default`, or the variables file that sets it. */
  readonly setIn?: string;
  readonly instead: string;
  readonly at: SourceLocation;
}

/** The credentials written as literals in a module's blocks, its variables' defaults, and its variables files. */
function* committedCredentials(module: TfModule): Generator<CommittedCredential> {
  const variables = new Map(module.blocks.filter((block) => block.kind === "variable").map((block) => [block.type, block]));
  const credentialOf = (attribute: string, value: TfValue, instead: string): CommittedCredential | undefined => {
    if (looksLikeCredential(value)) return { attribute, instead, at: value.loc };
    const reference = singleReference(value);
    if (reference?.startsWith("var.") !== true) return undefined;
    const variable = variables.get(reference.slice(4));
    const set = variableValueOf(module, variable);
    // A value given with --var is not in the code.
    if (set === undefined || !looksLikeCredential(set) || set.loc.file.startsWith("--var ")) return undefined;
    const setIn = module.variableValues?.get(variable!.type) === set ? set.loc.file : "its default";
    return { attribute, variable: variable!.type, setIn, instead: `the environment (TF_VAR_${variable!.type})`, at: set.loc };
  };
  for (const block of module.blocks) {
    const where = blockName(block);
    for (const [name, instead] of Object.entries(CREDENTIAL_ATTRIBUTES[`${block.kind} ${block.type}`] ?? {})) {
      const value = block.body.entries.get(name);
      const found = value === undefined ? undefined : credentialOf(`'${name}' of ${where}`, value, instead);
      if (found !== undefined) yield found;
    }
    if (`${block.kind} ${block.type}` !== INTEGRATION_CREDENTIAL) continue;
    const fields = block.body.entries.get("fields");
    if (fields?.kind !== "object") continue;
    for (const [field, value] of fields.entries) {
      if (!SECRET_FIELD.test(field)) continue;
      const found = credentialOf(`'fields.${field}' of ${where}`, value, SECRET_STORE);
      if (found !== undefined) yield found;
    }
  }
}

/** `provider 'genesyscloud'`, `genesyscloud_user.agent`. */
function blockName(block: TfBlock): string {
  return block.kind === "provider" ? `provider '${block.type}'` : `${block.type}.${block.name}`;
}

/** Client secrets stay out of prod state and files (shared deploy credentials are env-isolation's). */
export default defineRule({
  id: "secret-exposure",
  description: "No credential is committed in Terraform code, and no prod-tier client stores its secret in Terraform state or a file.",
  severity: { nonprod: "error", prod: "error" },
  waivableInProd: false,
  messages: {
    exposedInState: "OAuth client '{{client}}' sets 'exposeSecret' in prod-tier environment '{{environment}}', which stores its secret in Terraform state; expected 'exposeSecret: false' in prod.",
    secretDirectory: "OAuth client '{{client}}' writes its secret to directory '{{directory}}' in prod-tier environment '{{environment}}'; expected no secret files in prod.",
    literalCredential:
      "A credential is written as a literal for {{attribute}}: it is in every clone, fork and CI log of the repository; expected it from {{instead}}, and the committed one revoked.",
    credentialInVariable:
      "A credential is committed as the value of variable '{{variable}}' ({{setIn}}), which sets {{attribute}}: it is in every clone, fork and CI log of the repository; expected the variable sensitive and without a default, its value from a secret store or {{instead}}, and the committed one revoked.",
  },
  check({ model, report, skip }) {
    for (const module of model.terraform?.modules ?? []) {
      const scope = scopeOfScanned(model, module.label);
      for (const found of committedCredentials(module)) {
        const target = `credential/${found.attribute}`;
        if (found.variable === undefined) report({ messageId: "literalCredential", data: { attribute: found.attribute, instead: found.instead }, at: found.at, scope, target });
        else report({ messageId: "credentialInVariable", data: { attribute: found.attribute, variable: found.variable, setIn: found.setIn!, instead: found.instead }, at: found.at, scope, target });
      }
    }
    for (const [org, client] of clientsOf(model)) {
      if (org.tier.value !== "prod") continue;
      const base = { scope: org, target: clientTarget(client.key) } as const;
      if (isUnknown(client, "exposeSecret")) skip("OAuth clients whose 'expose_client_secret' is computed (not literal) were not checked for a secret in state.", client.loc);
      if (client.exposeSecret.value) {
        report({ ...base, messageId: "exposedInState", data: { client: client.key, environment: org.environment }, at: client.exposeSecret.loc });
      }
      if (client.secretDirectory !== undefined) {
        report({ ...base, messageId: "secretDirectory", data: { client: client.key, directory: client.secretDirectory.value, environment: org.environment }, at: client.secretDirectory.loc });
      }
    }
  },
});
