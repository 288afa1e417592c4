import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, REPORTS_APP, run, snapshotTree, tempDir } from "../helpers";

/**
 * A valid configuration (tenant acme, orgs dev and prod, one bot connector); each case below changes it so that the
 * line numbers stay those shown: the bot connector's client starts on line 16, its roles are on line 19, the file
 * ends on line 19.
 */
const BASE = config({ clients: BOT_CONNECTOR });
/** The same with a user-facing reporting app instead (scopes are for user grants): its scopes on line 19, the file ending on line 20. */
const SCOPED = config({ clients: REPORTS_APP });

function edit(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`test setup: '${from}' is not in BASE`);
  return BASE.replace(from, to);
}

function editScoped(from: string, to: string): string {
  if (!SCOPED.includes(from)) throw new Error(`test setup: '${from}' is not in SCOPED`);
  return SCOPED.replace(from, to);
}

/** BASE as UTF-8 bytes with `bytes` inserted right after the first `after`. */
function withBytes(after: string, bytes: readonly number[]): Buffer {
  const at = BASE.indexOf(after) + after.length;
  return Buffer.concat([Buffer.from(BASE.slice(0, at)), Buffer.from(bytes), Buffer.from(BASE.slice(at))]);
}

const WAIVER_FOR_ACME = "policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n";

interface BadInput {
  /** What the case holds. */
  readonly name: string;
  readonly yaml: string | Buffer | (() => string);
  /** `line:column` of the reported problem; undefined for problems with the whole file. */
  readonly at: string | undefined;
  readonly message: RegExp;
  /** Text that must never be printed (a secret). */
  readonly secret?: string;
  /** A follow-on problem that must not be reported as well. */
  readonly notReported?: RegExp;
}

const CASES: readonly BadInput[] = [
  { name: "malformed YAML (unclosed flow sequence)", yaml: editScoped("scopes: [analytics:readonly]", "scopes: [analytics:readonly"), at: "20:9", message: /Malformed YAML|indented|flow/i },
  { name: "a duplicate key", yaml: edit("        region: eu-west-1\n        orgName: acme-dev", "        region: eu-west-1\n        region: eu-west-2"), at: "8:9", message: /Duplicate key 'region'; each key may appear only once in a mapping\./ },
  // The parser's duplicate-key check is off for speed (quadratic in a mapping's size); a file that repeats a key is parsed again with it.
  { name: "a duplicate key in a flow mapping", yaml: edit("        orgName: acme-dev", "        orgName: { a: 1, a: 2 }"), at: "8:26", message: /Duplicate key 'a'; each key may appear only once in a mapping\./ },
  { name: "a duplicate key that is not a string", yaml: edit("version: 1\n", "version: 1\n1: a\n1: b\n"), at: "3:1", message: /Duplicate key '1'; each key may appear only once in a mapping\./ },
  { name: "a duplicate key whose first value is empty", yaml: edit("    oauthClients:\n", "    oauthClients:\n    oauthClients:\n"), at: "16:5", message: /Duplicate key 'oauthClients'; each key may appear only once in a mapping\./ },
  { name: "two YAML documents", yaml: `${BASE}---\nversion: 1\n`, at: "20:1", message: /more than one YAML document/ },
  { name: "an unknown top-level key, with a suggestion", yaml: edit("tenants:\n  acme:", "tenants:\n  acme:").replace("version: 1\n", "version: 1\ntenant: {}\n"), at: "2:1", message: /Unknown key 'tenant' at the top level; allowed keys are 'version', 'tenants', 'include', 'profiles', 'scopes', 'roles' and 'policy'\. Did you mean 'tenants'\?/ },
  { name: "an unknown org key, with a suggestion", yaml: edit("        region: eu-west-1\n        orgName: acme-dev", "        regoin: eu-west-1\n        orgName: acme-dev"), at: "7:9", message: /Unknown key 'regoin' in 'tenants\.acme\.orgs\.dev'; allowed keys are .*'region'.* Did you mean 'region'\?/ },
  { name: "an unknown client key, with a suggestion", yaml: editScoped("        scopes: [analytics", "        scope: [analytics"), at: "19:9", message: /Unknown key 'scope' in 'tenants\.acme\.oauthClients\.reports'.* Did you mean 'scopes'\?/ },
  { name: "scopes given as a string", yaml: editScoped("scopes: [analytics:readonly]", "scopes: analytics:readonly"), at: "19:17", message: /'tenants\.acme\.oauthClients\.reports\.scopes' is a string; expected a list\./ },
  { name: "rotation given as a string", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        rotation: two"), at: "20:19", message: /rotation' is a string; expected a whole number\./ },
  { name: "an unknown region, listing the valid ones", yaml: edit("        region: eu-west-1\n        orgName: acme-dev", "        region: eu-west-9\n        orgName: acme-dev"), at: "7:17", message: /region' is 'eu-west-9'; expected one of 'us-east-1', .*'eusc-de-east-1', 'dca' or 'tca'\. Did you mean 'eu-west-1'\?/ },
  { name: "no tenants", yaml: "version: 1\ntenants: {}\n", at: "2:1", message: /'tenants' is empty; expected at least 1 tenant\./ },
  { name: "a tenant without orgs", yaml: "version: 1\ntenants:\n  acme:\n    orgs: {}\n", at: "4:5", message: /'tenants\.acme\.orgs' is empty; expected at least 1 org/ },
  { name: "no tenants key", yaml: "version: 1\n", at: "1:1", message: /The configuration is missing the required key 'tenants'; expected the tenants, or 'include:'/ },
  { name: "an unsupported version", yaml: BASE.replace("version: 1", "version: 2"), at: "1:10", message: /Unsupported configuration version 2; this scopegate reads 'version: 1'\./ },
  { name: "a client name that is not Terraform-safe", yaml: edit("      bot-connector:", "      Bot_Connector:"), at: "16:7", message: /Name 'Bot_Connector' in 'tenants\.acme\.oauthClients' is not valid; expected a lowercase kebab-case name/ },
  { name: "a tenant name with a space", yaml: edit("  acme:\n", "  acme corp:\n"), at: "3:3", message: /Name 'acme corp' in 'tenants' is not valid/ },
  { name: "a literal secret where an environment variable name belongs", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: 'kT9#xQ2!vLp8$Zr4@Wm6'"), at: "9:74", message: /clientSecretEnv' must be the upper-case name of an environment variable \(such as 'ACME_DEV_CLIENT_SECRET'\); the value found is not one and may be a literal secret, so it is not shown\./, secret: "kT9#xQ2!vLp8$Zr4@Wm6" },
  { name: "a literal client id (a UUID) where an environment variable name belongs", yaml: edit("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: 6f1c2a3b-4d5e-4f60-8a1b-2c3d4e5f6a7b"), at: "9:37", message: /clientIdEnv' must be the upper-case name of an environment variable .* may be a literal client id, so it is not shown\./, secret: "6f1c2a3b-4d5e-4f60-8a1b-2c3d4e5f6a7b" },
  { name: "a base64url secret where an environment variable name belongs", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: kXqPzRtWvbNmLsdFgHjKlqWeRtYuIoPaSdFgH4jK7zQ"), at: "9:74", message: /may be a literal secret, so it is not shown/, secret: "kXqPzRtWvbNmLsdFgHjKlqWeRtYuIoPaSdFgH4jK7zQ" },
  { name: "a lower-case environment variable name", yaml: edit("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: acme_dev_client_id"), at: "9:37", message: /must be the upper-case name of an environment variable/ },
  { name: "a token-like value that is a valid identifier", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: XK29FLQ81ZPT4MWC07RBN3"), at: "9:74", message: /clientSecretEnv' looks like a literal secret \(value not shown\)/, secret: "XK29FLQ81ZPT4MWC07RBN3" },
  {
    name: "a YAML alias bomb",
    yaml: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n${BASE}`,
    at: "2:8",
    message: /YAML aliases add \d+ nodes to the file when expanded; expected at most 200000 \(is an anchor referenced too often\?\)\./,
  },
  {
    name: "one big anchored list referenced many times",
    yaml: () => `big: &big [${Array.from({ length: 5000 }, () => "x").join(",")}]\nrefs: [${Array.from({ length: 60 }, () => "*big").join(",")}]\n${BASE}`,
    at: "2:8",
    message: /YAML aliases add \d+ nodes to the file when expanded; expected at most 200000/,
  },
  { name: "an alias inside the node it refers to", yaml: editScoped("scopes: [analytics:readonly]", "scopes: &s [analytics:readonly, *s]"), at: "19:41", message: /An alias \('\*'\) is inside the node it refers to/ },
  { name: "a boolean key", yaml: edit("      bot-connector:", "      true:"), at: "16:7", message: /Key 'true' is not a string; expected a plain name \(quote it: "true"\)\./ },
  { name: "a list as a key", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        ? [a, b]\n        : x\n"), at: "9:11", message: /A list or mapping is used as a key; expected a plain name\./ },
  { name: "an alias without an anchor", yaml: editScoped("scopes: [analytics:readonly]", "scopes: *reportScopes"), at: "19:17", message: /An alias \('\*'\) with no anchor \('&'\) before it/, secret: "reportScopes" },
  { name: "a file over the size limit", yaml: () => `${BASE}${"# padding\n".repeat(1_700_000)}`, at: "1:1", message: /The file is \d+ bytes; expected at most 16777216 bytes \(16 MiB\)/ },
  { name: "an empty file", yaml: "", at: "1:1", message: /The file is empty; expected a mapping with 'version: 1' and 'tenants:'\./ },
  { name: "a grant that is not one of the provider's values", yaml: edit("grant: CLIENT-CREDENTIALS", "grant: client_credentials"), at: "17:16", message: /grant' is 'client_credentials'; expected one of 'CODE', .*'CLIENT-CREDENTIALS'\. Did you mean 'CLIENT-CREDENTIALS'\?/ },
  { name: "a token validity below the provider's minimum", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        tokenValiditySeconds: 100"), at: "20:31", message: /tokenValiditySeconds' is 100; expected at least 300\./ },
  { name: "a rotation of zero", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        rotation: 0"), at: "20:19", message: /rotation' is 0; expected at least 1\./ },
  { name: "an unknown capability, with a suggestion", yaml: edit("capabilities: [bot-connector]", "capabilities: [bot-conector]"), at: "18:24", message: /Capability 'bot-conector' has no profile; .* Did you mean 'bot-connector'\?/ },
  { name: "'only' naming an environment the tenant lacks", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        only: [staging]"), at: "20:16", message: /limited to environment 'staging', which tenant 'acme' does not have; expected one of 'dev' or 'prod'\./ },
  { name: "an override for an environment the tenant lacks, with a suggestion", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        environments:\n          prd: { rotation: 2 }"), at: "21:11", message: /overrides environment 'prd', which tenant 'acme' does not have.* Did you mean 'prod'\?/ },
  { name: "an override of a key that cannot differ per environment", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        environments:\n          dev: { grant: CODE }"), at: "21:18", message: /Unknown key 'grant' in 'tenants\.acme\.oauthClients\.bot-connector\.environments\.dev'/ },
  { name: "an override of an environment excluded by 'only'", yaml: edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        only: [dev]\n        environments:\n          prod: { rotation: 2 }"), at: "22:11", message: /overrides environment 'prod' but is limited by 'only' to 'dev'/ },
  { name: "an unknown backend type", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        backend: { type: gcs }\n"), at: "9:26", message: /backend\.type' is 'gcs'; expected one of 'local', 's3' or 'remote'\./ },
  { name: "an s3 backend without a bucket", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        backend: { type: s3, region: eu-west-1 }\n"), at: "9:9", message: /'tenants\.acme\.orgs\.dev\.backend' is missing the required key 'bucket'\./ },
  { name: "an unknown key in deployClient, with a suggestion", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        deployClient: { role: [Terraform Deployer] }\n"), at: "9:25", message: /Unknown key 'role' in 'tenants\.acme\.orgs\.dev\.deployClient'; allowed keys are 'roles' and 'permissions'\. Did you mean 'roles'\?/ },
  { name: "an empty deployClient permission", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        deployClient: { permissions: [oauth:client:*, ''] }\n"), at: "9:55", message: /'tenants\.acme\.orgs\.dev\.deployClient\.permissions\.1' is ''; expected a permission such as 'oauth:client:add'/ },
  {
    name: "two stacks with the same name",
    yaml: `${edit("      prod:\n", "      dev-x:\n")}  acme-dev:\n    orgs:\n      x:\n        tier: nonprod\n        region: eu-west-1\n        orgName: b\n        credentials: { clientIdEnv: B_ID, clientSecretEnv: B_SECRET }\n`,
    at: "22:7",
    message: /Stack name 'acme-dev-x' \(tenant 'acme-dev', environment 'x'\) is also the stack name of tenant 'acme' environment 'dev-x'/,
  },
  { name: "a binding that collides with a built-in output", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        bindings: { org_id: abc }\n"), at: "9:21", message: /Binding 'org_id' would be emitted as output 'org_id', which is already a built-in output/ },
  { name: "an org without credentials", yaml: edit("        credentials: { clientIdEnv: ACME_DEV_CLIENT_ID, clientSecretEnv: ACME_DEV_CLIENT_SECRET }\n", ""), at: "5:7", message: /'tenants\.acme\.orgs\.dev' is missing the required key 'credentials'\./ },
  { name: "a YAML tag", yaml: edit("orgName: acme-dev", "orgName: !Ref acme-dev"), at: "8:18", message: /A YAML tag scopegate does not support; expected plain YAML values/, secret: "Ref" },
  { name: "a secret that starts with '!'", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: !kXq9$Pz#RtWvbNm"), at: "9:74", message: /A YAML tag scopegate does not support; expected plain YAML values/, secret: "kXq9$Pz#RtWvbNm" },
  { name: "an unquoted secret that starts with '!'", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: !Hq7vLx29PzK4mWt8"), at: "9:74", message: /A YAML tag scopegate does not support/, secret: "Hq7vLx29PzK4mWt8" },
  { name: "an unquoted secret that starts with '!!'", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: !!Hq7vLx29PzK4mWt8"), at: "9:74", message: /A YAML tag scopegate does not support/, secret: "Hq7vLx29PzK4mWt8" },
  { name: "an unquoted secret that starts with '*'", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: *Hq7vLx29PzK4mWt8"), at: "9:74", message: /An alias \('\*'\) with no anchor \('&'\) before it/, secret: "Hq7vLx29PzK4mWt8" },
  { name: "clients under !!omap", yaml: edit("    oauthClients:\n      bot-connector:\n        grant: CLIENT-CREDENTIALS\n        capabilities: [bot-connector]\n        roles: [{ role: Bot Connector Integration }]", "    oauthClients: !!omap\n      - bot-connector: { grant: CLIENT-CREDENTIALS, capabilities: [bot-connector], roles: [{ role: Bot Connector Integration }] }"), at: "15:19", message: /A YAML tag scopegate does not support; .*a plain mapping or list where a tag such as '!!omap' is written/ },
  { name: "a policy under !!omap", yaml: `${BASE}policy: !!omap [ { tiers: { prod: { rules: { secret-exposure: off } } } } ]\n`, at: "20:9", message: /A YAML tag scopegate does not support/ },
  { name: "an org under !!omap", yaml: edit("      prod:\n        tier: prod\n        region: eu-west-2\n        orgName: acme\n", "      prod: !!omap [ tier: prod, region: eu-west-2, orgName: acme ]\n        credentials_: x\n").replace("        credentials_: x\n        credentials: { clientIdEnv: ACME_PROD_CLIENT_ID, clientSecretEnv: ACME_PROD_CLIENT_SECRET }\n", ""), at: "10:13", message: /A YAML tag scopegate does not support/, notReported: /missing the required key/ },
  { name: "a policy under !!pairs", yaml: `${BASE}policy: !!pairs [ { tiers: {} } ]\n`, at: "20:9", message: /A YAML tag scopegate does not support/ },
  { name: "a policy under !!set", yaml: `${BASE}policy: !!set { tiers }\n`, at: "20:9", message: /A YAML tag scopegate does not support/ },
  { name: "a value under the non-specific tag '!'", yaml: edit("orgName: acme-dev", "orgName: ! acme-dev"), at: "8:18", message: /A YAML tag scopegate does not support/ },
  { name: "a literal secret copied into a region", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: kT9xQ2vLp8Zr4Wm6QQ77aa").replace("region: eu-west-2", "region: kT9xQ2vLp8Zr4Wm6QQ77aa"), at: "12:17", message: /'tenants\.acme\.orgs\.prod\.region' is a value not shown; expected one of/, secret: "kT9xQ2vLp8Zr4Wm6QQ77aa" },
  { name: "a secret as a key in the credentials, copied into an org name", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: ACME_DEV_CLIENT_SECRET, kT9xQ2vLp8Zr4Wm6QQ77aa: x").replace("orgName: acme\n", "orgName: ' kT9xQ2vLp8Zr4Wm6QQ77aa'\n"), at: "9:98", message: /Unknown key in 'tenants\.acme\.orgs\.dev\.credentials' \(not shown: it may be a secret\); allowed keys are 'clientIdEnv' and 'clientSecretEnv'\./, secret: "kT9xQ2vLp8Zr4Wm6QQ77aa" },
  {
    name: "a credentials field aliased into a binding of a tenant named 'credentials'",
    yaml: edit("  acme:\n", "  credentials:\n").replace("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: &s ACME_DEV_CLIENT_ID").replace("ACME_DEV_CLIENT_SECRET }\n", "ACME_DEV_CLIENT_SECRET }\n        bindings: { clientIdEnv: *s }\n"),
    at: "10:34",
    message: /'tenants\.credentials\.orgs\.dev\.bindings\.clientIdEnv' is the value of credentials field 'tenants\.credentials\.orgs\.dev\.credentials\.clientIdEnv' through an anchor/,
    secret: "ACME_DEV_CLIENT_ID",
  },
  { name: "a block scalar header followed by a secret", yaml: edit("        orgName: acme-dev\n", "        orgName: |Zq81LmQ0pW\n          x\n"), at: "8:19", message: /Malformed YAML: Block scalar header includes extra characters\./, secret: "Zq81LmQ0pW" },
  { name: "a binding integer too large to keep exactly", yaml: edit("        orgName: acme-dev\n", "        orgName: acme-dev\n        bindings: { tenantNumber: 12345678901234567890 }\n"), at: "9:35", message: /Binding 'tenantNumber' is an integer too large to keep exactly/ },
  { name: "the same scope twice", yaml: editScoped("scopes: [analytics:readonly]", "scopes: [analytics:readonly, analytics:readonly]"), at: "19:38", message: /scopes' lists the same value twice \(items 1 and 2\); expected each value once\./ },
  { name: "a tier that is not nonprod or prod", yaml: edit("tier: prod", "tier: production"), at: "11:15", message: /tier' is 'production'; expected one of 'nonprod' or 'prod'\. Did you mean 'prod'\?/ },
  { name: "one variable for both client id and secret", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: ACME_DEV_CLIENT_ID"), at: "9:74", message: /names the same environment variable as 'clientIdEnv'/ },
  { name: "a rotated client whose output collides with another client's", yaml: `${BASE}        rotation: 2\n      bot-connector-2:\n        grant: CLIENT-CREDENTIALS\n        roles: [{ role: Bot Connector Integration }]\n`, at: "21:7", message: /OAuth client 'bot-connector-2' would emit output 'bot_connector_2_client_id' in environment 'dev', which is already the output of OAuth client 'bot-connector'/ },
  { name: "a waiver of a rule that does not exist", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilage, tenant: acme, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:15", message: /Waiver names rule 'least-privilage', which is not a scopegate rule; expected a rule id that 'scopegate rules' lists\. Did you mean 'least-privilege'\?/ },
  { name: "a waiver expiry that is not a real day", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: accepted for the pilot, owner: cx, expires: 2027-02-30 }\n`, at: "22:98", message: /Waiver expiry '2027-02-30' is not a date; expected a real day/ },
  { name: "a waiver expiry that is not a date at all", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: accepted for the pilot, owner: cx, expires: next year }\n`, at: "22:98", message: /expected a date such as '2027-03-31' \(YYYY-MM-DD\)/ },
  { name: "a waiver with too short a reason", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: ok, owner: cx, expires: 2099-01-01 }\n`, at: "22:54", message: /is shorter than 10 characters; expected a reason of at least 10 characters/ },
  { name: "a waiver reason of blanks", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: "            ", owner: cx, expires: 2099-01-01 }\n`, at: "22:54", message: /Waiver reason is mostly blank; expected a reason of at least 10 characters/ },
  { name: "a waiver problem in the same pass as a schema problem elsewhere", yaml: `${edit("tier: prod", "tier: production")}policy:\n  waivers:\n    - { rule: least-privilage, tenant: acme, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:15", message: /Waiver names rule 'least-privilage'/ },
  { name: "a waiver without an owner", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, reason: accepted for the pilot, expires: 2099-01-01 }\n`, at: "22:7", message: /missing the required key 'owner'/ },
  { name: "a waiver for a tenant that does not exist", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acmee, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:40", message: /Waiver names tenant 'acmee', which is not declared; expected one of 'acme'\. Did you mean 'acme'\?/ },
  { name: "a waiver for an environment the tenant does not have", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, environment: production, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:59", message: /Waiver names environment 'production', which tenant 'acme' does not have; expected one of 'dev' or 'prod'\. Did you mean 'prod'\?/ },
  { name: "a waiver for a client the tenant does not declare", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: acme, client: bot, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:54", message: /Waiver names OAuth client 'bot', which tenant 'acme' does not declare; expected one of 'bot-connector'\./ },
  { name: "a tier severity for a rule that does not exist", yaml: `${BASE}policy:\n  tiers:\n    prod: { rules: { known-scope: warning } }\n`, at: "22:22", message: /'known-scope' is not a scopegate rule; expected a rule id that 'scopegate rules' lists\. Did you mean 'known-scopes'\?/ },
  { name: "a waiver of a rule about waivers", yaml: `${BASE}policy:\n  waivers:\n    - { rule: unused-waiver, tenant: acme, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:15", message: /Rule 'unused-waiver' is about waivers and cannot itself be waived/ },
  { name: "a rule not waivable in prod turned off in prod", yaml: `${BASE}policy:\n  tiers:\n    prod: { rules: { secret-exposure: off } }\n`, at: "22:39", message: /Rule 'secret-exposure' cannot be lowered to 'off' in prod: its findings there cannot be waived, so they cannot be silenced either; expected 'error' or no setting\./ },
  { name: "a rule with findings no tier may waive turned off in nonprod", yaml: `${BASE}policy:\n  tiers:\n    nonprod: { rules: { env-isolation: off } }\n`, at: "22:40", message: /Rule 'env-isolation' cannot be set to 'off': some of its findings cannot be waived in any tier, so they cannot be silenced either; expected 'error' or no setting\./ },
  { name: "a tier severity that is not a severity", yaml: `${BASE}policy:\n  tiers:\n    prod: { rules: { known-scopes: fatal } }\n`, at: "22:36", message: /expected one of 'error', 'warning', 'info' or 'off'/ },
  // Merge keys given something other than a mapping (the YAML library throws on them).
  { name: "a merge key given an integer", yaml: edit("      bot-connector:\n", "      bot-connector:\n        <<: 5\n"), at: "17:13", message: /The merge key '<<' is given an integer; expected a mapping, an alias of one \('<<: \*defaults'\) or a list of them\./ },
  { name: "a merge key given an alias of a list", yaml: editScoped("scopes: [analytics:readonly]\n        redirectUris: [https://reports.acme.example/callback]", "scopes: &s [analytics:readonly]\n        redirectUris: [https://reports.acme.example/callback]\n        <<: *s"), at: "21:13", message: /The merge key '<<' is given a list \(through an alias\); expected a mapping/ },
  { name: "a merge key given a list holding a string", yaml: edit("      bot-connector:\n", "      bot-connector:\n        <<: [{ rotation: 2 }, oops]\n"), at: "17:31", message: /The merge key '<<' is given a string; expected a mapping/ },
  { name: "a merge key given nothing", yaml: edit("      bot-connector:\n", "      bot-connector:\n        <<:\n"), at: "17:12", message: /The merge key '<<' is given nothing; expected a mapping/ },
  { name: "lists nested more than 64 levels deep", yaml: `${BASE}deep: ${"[".repeat(100)}${"]".repeat(100)}\n`, at: "20:71", message: /Lists and mappings nest more than 64 levels deep here \(aliases expanded\); expected a configuration a handful of levels deep\./ },
  {
    name: "aliases that nest more than 64 levels deep",
    yaml: `${BASE}${Array.from({ length: 70 }, (_, i) => (i === 0 ? "a0: &a0 [x]" : `a${i}: &a${i} [*a${i - 1}]`)).join("\n")}\n`,
    at: "84:12",
    message: /Lists and mappings nest more than 64 levels deep here \(aliases expanded\)/,
  },
  // YAML parser errors, whole, and never the file's text they quote.
  { name: "a key longer than 1024 characters", yaml: edit("      bot-connector:", `      ${"k".repeat(1100)}: 1\n      bot-connector:`), at: "16:7", message: /A key is longer than 1024 characters, YAML's limit for a key; expected a short name/ },
  { name: "an invalid escape sequence in a quoted secret", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", 'clientSecretEnv: "kT9\\xQ2vLp8"'), at: "9:78", message: /Invalid escape sequence in a double-quoted string; expected /, secret: "xQ2" },
  // Files that are not UTF-8: the first bad byte, never a decoded U+FFFD.
  { name: "a UTF-16 file with a byte order mark", yaml: Buffer.from(`\uFEFF${BASE}`, "utf16le"), at: "1:1", message: /The file is UTF-16 \(it starts with a UTF-16 byte order mark\), not UTF-8; expected a UTF-8 file: save it as UTF-8\./ },
  { name: "a big-endian UTF-16 file with a byte order mark", yaml: Buffer.from(`\uFEFF${BASE}`, "utf16le").swap16(), at: "1:1", message: /The file is UTF-16 \(it starts with a UTF-16 byte order mark\)/ },
  { name: "a UTF-16 file without a byte order mark", yaml: Buffer.from(BASE, "utf16le"), at: "1:2", message: /The file holds a NUL byte: the file looks like UTF-16 \(little-endian\) without a byte order mark, not UTF-8; expected a UTF-8 file/ },
  { name: "a Latin-1 file", yaml: Buffer.from(edit("orgName: acme-dev", "orgName: acmé-dev"), "latin1"), at: "8:21", message: /The file is not UTF-8 from here \(byte \d+ of the file is not part of a UTF-8 character; is the file Latin-1 or Windows-1252\?\); expected a UTF-8 file: save it as UTF-8\./, secret: "\uFFFD" },
  { name: "an invalid UTF-8 byte sequence", yaml: withBytes("orgName: acme", [0xc3, 0x28]), at: "8:22", message: /The file is not UTF-8 from here/, secret: "\uFFFD" },
  { name: "a UTF-8 sequence cut off at the end of the file", yaml: withBytes("roles: [{ role: Bot Connector Integration }]\n", [0xe2, 0x82]), at: "20:1", message: /The file is not UTF-8 from here/ },
  { name: "a NUL byte", yaml: withBytes("orgName: acme", [0]), at: "8:22", message: /The file holds a NUL byte, which is not text; expected a UTF-8 file/ },
  // Control characters, written as YAML escapes, in names, org names, descriptions and URIs.
  { name: "a NUL in an org name", yaml: edit("orgName: acme-dev", 'orgName: "acme\\0dev"'), at: "8:18", message: /'tenants\.acme\.orgs\.dev\.orgName' contains control character U\+0000 \(NUL\) at character 5; expected text without control characters\./ },
  { name: "an unpaired surrogate in an org name", yaml: edit("orgName: acme-dev", 'orgName: "acme\\uD800dev"'), at: "8:18", message: /orgName' contains U\+D800, half of a surrogate pair without its other half, at character 5; expected text without control characters\./ },
  { name: "an ESC in a description", yaml: edit("        grant: CLIENT-CREDENTIALS", '        description: "red\\e[31m text"\n        grant: CLIENT-CREDENTIALS'), at: "17:22", message: /description' contains control character U\+001B \(ESC\) at character 4; expected text without control characters \(line breaks and tabs are fine\)\./ },
  { name: "a line break in a client name", yaml: edit("        grant: CLIENT-CREDENTIALS", '        name: "Bot\\nConnector"\n        grant: CLIENT-CREDENTIALS'), at: "17:15", message: /'tenants\.acme\.oauthClients\.bot-connector\.name' contains control character U\+000A \(line break\) at character 4; expected text without control characters\./ },
  { name: "a BEL in a redirect URI", yaml: edit("        roles: [{ role: Bot Connector Integration }]", '        roles: [{ role: Bot Connector Integration }]\n        redirectUris: ["https://bot.example/\\a"]'), at: "20:24", message: /redirectUris\.0' contains control character U\+0007 \(BEL\) at character 21/ },
  { name: "an ESC in a binding value", yaml: edit("        orgName: acme-dev\n", '        orgName: acme-dev\n        bindings: { label: "a\\eb" }\n'), at: "9:28", message: /bindings\.label' contains control character U\+001B \(ESC\) at character 2/ },
  { name: "an ESC in a tenant name", yaml: edit("  acme:\n", '  "acme\\e":\n'), at: "3:3", message: /A name in 'tenants' contains control character U\+001B \(ESC\) at character 5; expected a name without control characters\./ },
  { name: "an ESC in a role name", yaml: edit("{ role: Bot Connector Integration }", '{ role: "Bot\\e Connector" }'), at: "19:25", message: /role' contains control character U\+001B \(ESC\) at character 4/ },
  // Length limits on free text.
  { name: "a description over 1000 characters", yaml: edit("        grant: CLIENT-CREDENTIALS", `        description: ${"d".repeat(1001)}\n        grant: CLIENT-CREDENTIALS`), at: "17:22", message: /description' is 1001 characters long; expected at most 1000 characters\./ },
  { name: "an org name over 200 characters", yaml: edit("orgName: acme-dev", `orgName: ${"o".repeat(201)}`), at: "8:18", message: /orgName' is 201 characters long; expected at most 200 characters\./ },
  { name: "a binding value over 4096 characters", yaml: edit("        orgName: acme-dev\n", `        orgName: acme-dev\n        bindings: { big: ${"b".repeat(4097)} }\n`), at: "9:26", message: /bindings\.big' is 4097 characters long; expected at most 4096 characters\./ },
  // One mistake, one message: nothing that follows from a part that did not load.
  { name: "a type error in a tenant a waiver names", yaml: `${edit("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        rotation: two")}${WAIVER_FOR_ACME}`, at: "20:19", message: /rotation' is a string; expected a whole number\./, notReported: /Waiver names tenant/ },
  { name: "profiles that are not a mapping", yaml: BASE.replace("version: 1\n", "version: 1\nprofiles: 5\n"), at: "2:11", message: /'profiles' is an integer; expected a mapping\./, notReported: /has no profile/ },
  { name: "a waiver naming a tenant 'constructor'", yaml: `${BASE}policy:\n  waivers:\n    - { rule: least-privilege, tenant: constructor, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:40", message: /Waiver names tenant 'constructor', which is not declared; expected one of 'acme'\./ },
  // A credentials value anchored and used elsewhere is never printed.
  { name: "a secret aliased into a region", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: &s 'kT9#xQ2!vLp8$Zr4@Wm6'").replace("region: eu-west-2", "region: *s"), at: "12:17", message: /'tenants\.acme\.orgs\.prod\.region' is the value of credentials field 'tenants\.acme\.orgs\.dev\.credentials\.clientSecretEnv' through an anchor \(not shown\); expected a value of its own/, secret: "kT9#xQ2!vLp8$Zr4@Wm6" },
  { name: "a token-like secret aliased into a capability", yaml: edit("clientSecretEnv: ACME_DEV_CLIENT_SECRET", "clientSecretEnv: &s XK29FLQ81ZPT4MWC07RBN3").replace("capabilities: [bot-connector]", "capabilities: [bot-connector, *s]"), at: "18:39", message: /capabilities\[1\]' is the value of credentials field 'tenants\.acme\.orgs\.dev\.credentials\.clientSecretEnv'/, secret: "XK29FLQ81ZPT4MWC07RBN3" },
  { name: "a numeric client id aliased into a rotation", yaml: edit("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: &n 123456789").replace("        roles: [{ role: Bot Connector Integration }]", "        roles: [{ role: Bot Connector Integration }]\n        rotation: *n"), at: "20:19", message: /rotation' is the value of credentials field 'tenants\.acme\.orgs\.dev\.credentials\.clientIdEnv' through an anchor/, secret: "123456789" },
  { name: "credentials merged into bindings", yaml: edit("credentials: { clientIdEnv: ACME_DEV_CLIENT_ID,", "credentials: &c { clientIdEnv: 'abc#secret12345',").replace("region: eu-west-2", "region: eu-west-2\n        bindings: { <<: *c }"), at: "13:25", message: /'tenants\.acme\.orgs\.prod\.bindings' is the value of credentials field 'tenants\.acme\.orgs\.dev\.credentials\.clientIdEnv' through an anchor/, secret: "abc#secret12345" },
  { name: "an org name aliased into credentials", yaml: edit("orgName: acme-dev", 'orgName: &o "s3cr3t-Value!"').replace("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: *o"), at: "8:21", message: /'tenants\.acme\.orgs\.dev\.orgName' is the value of credentials field 'tenants\.acme\.orgs\.dev\.credentials\.clientIdEnv' through an anchor/, secret: "s3cr3t-Value!" },
  { name: "a secret aliased into a waiver", yaml: `${edit("clientIdEnv: ACME_DEV_CLIENT_ID", "clientIdEnv: &t Kq7ZpW2xLm9")}policy:\n  waivers:\n    - { rule: least-privilege, tenant: *t, reason: accepted for the pilot, owner: cx, expires: 2099-01-01 }\n`, at: "22:40", message: /'policy\.waivers\[0\]\.tenant' is the value of credentials field/, secret: "Kq7ZpW2xLm9" },
  // Profiles and roles as code: what the catalog and the provider would reject, and declarations that say nothing.
  {
    name: "a profile operation the API does not have, with the nearest operation suggested",
    yaml: `${BASE}profiles:\n  warehouse-export:\n    operations:\n      - POST /api/v2/analytics/conversations/detail/jobs\n`,
    at: "23:9",
    message:
      /Operation 'POST \/api\/v2\/analytics\/conversations\/detail\/jobs' is not a Genesys Cloud Platform API operation \([^)]*\); expected 'METHOD \/api\/v2\/\.\.\.' as the API reference writes it, or an SDK operation id such as 'postAnalyticsConversationsDetailsJobs'\. Did you mean 'POST \/api\/v2\/analytics\/conversations\/details\/jobs'\?/,
  },
  {
    name: "a profile operation given as a misspelled SDK operation id",
    yaml: `${BASE}profiles:\n  warehouse-export:\n    operations: [postAnalyticsConversationDetailsJobs]\n`,
    at: "22:18",
    message: /Operation 'postAnalyticsConversationDetailsJobs' is not a Genesys Cloud Platform API operation/,
  },
  {
    name: "a profile that says nothing a client needs",
    yaml: `${BASE}profiles:\n  warehouse-export:\n    description: Nightly export to the warehouse.\n`,
    at: "21:3",
    message: /Profile 'warehouse-export' says nothing a client needs; expected 'operations' \(the API operations a client with it calls\), 'scopes' or 'permissions'\./,
  },
  {
    name: "a role scopegate would create with no permissions",
    yaml: `${BASE}roles:\n  Bot Connector Integration:\n    description: Lets the bot platform keep its bots up to date.\n`,
    at: "21:3",
    message: /Role 'Bot Connector Integration' grants nothing; expected 'permissions' or 'permissionPolicies' for a role scopegate creates, or 'existing: true' for a role that already exists in every org\./,
  },
  {
    name: "a role permission that is not domain:entity:action",
    yaml: `${BASE}roles:\n  Bot Connector Integration:\n    permissions: [integration:botconnector:view, integration:botconnector]\n`,
    at: "22:50",
    message: /Permission 'integration:botconnector' of role 'Bot Connector Integration' is not 'domain:entity:action'; expected three parts such as 'analytics:conversationDetail:view'/,
  },
  {
    name: "a role permission with four parts",
    yaml: `${BASE}roles:\n  Bot Connector Integration:\n    existing: true\n    permissions: [integration:botconnector:view:all]\n`,
    at: "23:19",
    message: /Permission 'integration:botconnector:view:all' of role 'Bot Connector Integration' is not 'domain:entity:action'/,
  },
];

describe("bad input: every case exits 2 with file:line:column and writes nothing", () => {
  let dir: string;
  let outdir: string;
  let before: Record<string, string>;

  beforeAll(() => {
    dir = tempDir();
    outdir = path.join(dir, "cdktf.out");
    // An earlier synth's output that must survive every failed run unchanged.
    fs.mkdirSync(path.join(outdir, "stacks", "earlier"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "earlier", "cdk.tf.json"), '{"earlier": true}\n');
    fs.writeFileSync(path.join(outdir, "manifest.json"), '{"stacks": {}}\n');
    before = snapshotTree(outdir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("has at least 25 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("reports %s", async (_name, i) => {
    const testCase = CASES[i];
    const file = `case-${i}.yaml`;
    fs.writeFileSync(path.join(dir, file), typeof testCase.yaml === "function" ? testCase.yaml() : testCase.yaml);

    const result = await run(["synth", "--config", file, "--out", "cdktf.out"], { cwd: dir });

    expect(result.code).toBe(2);
    const where = testCase.at === undefined ? `${file}: ` : `${file}:${testCase.at}: `;
    const lines = result.stderr.split("\n").filter((l) => l.startsWith(where));
    expect(lines, `no problem reported at ${where} in:\n${result.stderr}`).not.toEqual([]);
    // Two problems may share a place (an alias is located at its anchor): one of them is the one expected.
    expect(lines.find((l) => testCase.message.test(l)) ?? lines[0]).toMatch(testCase.message);
    expect(result.stderr).toMatch(/problems? in case-\d+\.yaml; nothing was written\./);
    expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    expect(result.stderr).not.toContain("internal error");
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // control characters from the file are escaped
    if (testCase.secret !== undefined) expect(result.stderr + result.stdout).not.toContain(testCase.secret);
    if (testCase.notReported !== undefined) expect(result.stderr).not.toMatch(testCase.notReported);
    expect(result.stdout).toBe("");
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("cdktf.out."))).toEqual([]);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("check and promote report %s too", async (_name, i) => {
    const testCase = CASES[i];
    const file = `case-${i}-check.yaml`;
    const content = typeof testCase.yaml === "function" ? testCase.yaml() : testCase.yaml;
    fs.writeFileSync(path.join(dir, file), content);
    for (const argv of [["check", "--format", "json"], ["promote", "--from", "dev", "--to", "prod"]]) {
      const result = await run([...argv, "--config", file], { cwd: dir });
      expect(result.code, `${argv[0]}: ${result.stderr}`).toBe(2);
      const where = testCase.at === undefined ? `${file}: ` : `${file}:${testCase.at}: `;
      expect(result.stderr.split("\n").some((l) => l.startsWith(where) && testCase.message.test(l)), `${argv[0]}: no matching problem at ${where} in:\n${result.stderr}`).toBe(true);
      expect(result.stderr).not.toContain("internal error");
      if (testCase.secret !== undefined) expect(result.stderr + result.stdout).not.toContain(testCase.secret);
    }
    // Nothing was written: not even the configuration promote edits.
    expect(fs.readFileSync(path.join(dir, file)).equals(Buffer.from(content))).toBe(true);
  });

  it("reports a missing file by name, with exit code 2", async () => {
    const result = await run(["synth", "--config", "nope.yaml", "--out", "cdktf.out"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nope.yaml: Cannot read the configuration file (no such file).");
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("reports cross-field problems of valid tenants along with schema problems of others", async () => {
    const secondTenant = `  beta:\n    orgs:\n      dev: { tier: nonprod, region: mars-1, orgName: b, credentials: { clientIdEnv: B_ID, clientSecretEnv: B_SECRET } }\n`;
    const yaml = `${BASE.replace("capabilities: [bot-connector]", "capabilities: [bot-conector]")}${secondTenant}`;
    fs.writeFileSync(path.join(dir, "mixed.yaml"), yaml);
    const result = await run(["synth", "--config", "mixed.yaml", "--out", "cdktf.out"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/mixed\.yaml:18:24: Capability 'bot-conector' has no profile/);
    expect(result.stderr).toMatch(/mixed\.yaml:22:37: 'tenants\.beta\.orgs\.dev\.region' is 'mars-1'/);
    expect(result.stderr).toContain("scopegate: 2 problems in mixed.yaml; nothing was written.");
  });

  it("lists at most 100 problems and counts the rest", async () => {
    const clients = Array.from({ length: 120 }, (_, i) => `      c${i}: { grant: CODE, scope: [x] }`).join("\n");
    fs.writeFileSync(path.join(dir, "hundreds.yaml"), `${BASE}${clients}\n`);
    const result = await run(["synth", "--config", "hundreds.yaml", "--out", "cdktf.out"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").filter((l) => l.startsWith("hundreds.yaml:"))).toHaveLength(100);
    expect(result.stderr).toContain("... and 20 more\nscopegate: 120 problems in hundreds.yaml; nothing was written.");
  });

  it("collects every problem of a file in one pass", async () => {
    const yaml = SCOPED.replace("region: eu-west-1\n        orgName: acme-dev", "region: eu-west-9\n        orgName: acme-dev")
      .replace("tier: prod", "tier: production")
      .replace("scopes: [analytics", "scope: [analytics");
    fs.writeFileSync(path.join(dir, "many.yaml"), yaml);
    const result = await run(["synth", "--config", "many.yaml", "--out", "cdktf.out"], { cwd: dir });
    expect(result.code).toBe(2);
    const reported = result.stderr.split("\n").filter((l) => l.startsWith("many.yaml:"));
    expect(reported.map((l) => l.split(": ")[0])).toEqual(["many.yaml:7:17", "many.yaml:11:15", "many.yaml:19:9"]);
    expect(result.stderr).toContain("scopegate: 3 problems in many.yaml; nothing was written.");
  });
});

describe("profile operations as the API reference and the SDKs write them", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A warehouse export calling its operations as `operations` writes them, through a created role holding `permissions`. */
  const exporter = (operations: readonly string[], permissions: string) =>
    config({
      clients: "warehouse-export:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [warehouse-export]\n  roles: [{ role: Warehouse Export }]",
      top: `profiles:\n  warehouse-export:\n    operations:\n${operations.map((operation) => `      - ${operation}`).join("\n")}\nroles:\n  Warehouse Export:\n    permissions: [${permissions}]`,
    });
  const OTHER_SPELLINGS = ["postAnalyticsConversationsDetailsJobs", "GET /api/v2/analytics/conversations/details/jobs/{id}/results"];

  async function check(name: string, yaml: string) {
    fs.writeFileSync(path.join(dir, name), yaml);
    const result = await run(["check", "--config", name, "--format", "json"], { cwd: dir });
    const findings = (JSON.parse(result.stdout).findings as { ruleId: string; message: string }[]).filter((finding) => finding.ruleId === "required-scopes");
    return { code: result.code, findings };
  }

  it("accepts an SDK operation id and a path with other parameter names ('{id}' for '{jobId}'), and checks the operations they name", async () => {
    // Either permission of these ANY operations is enough.
    expect(await check("any.yaml", exporter(OTHER_SPELLINGS, "analytics:agentConversationDetail:view"))).toEqual({ code: 0, findings: [] });
    const missing = await check("missing.yaml", exporter(OTHER_SPELLINGS, "analytics:conversationAggregate:view"));
    expect(missing.code).toBe(1);
    // Reported under the names the API reference gives them.
    const text = missing.findings.map((finding) => finding.message).join("\n");
    expect(missing.findings.length).toBeGreaterThan(0);
    expect(text).toContain("POST /api/v2/analytics/conversations/details/jobs");
    expect(text).toContain("GET /api/v2/analytics/conversations/details/jobs/{jobId}/results");
    expect(text).not.toMatch(/postAnalytics|\{id\}/);
  });
});
