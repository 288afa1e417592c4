import * as path from "node:path";

/**
 * Names of what each stack produces: its Terraform outputs, its clients' names in Genesys Cloud and its default local
 * state file. The loader and the policy rules use them to find names that would collide; the constructs use them to
 * name what they create.
 */

/** Outputs every stack has, whatever it declares. */
export const ORG_OUTPUT_NAMES = ["org_id", "org_name", "region", "api_base_url", "login_base_url"] as const;

/** `bot-connector` -> `bot_connector`: client keys have no underscores, so this never maps two keys to one name. */
function snakeCase(key: string): string {
  return key.replace(/-/g, "_");
}

/**
 * Output holding the id of rotation copy `copy` (1-based) of a client: `<key>_client_id` for copy 1 whether or not
 * the client is rotated (so applications keep reading the same output when rotation is turned on), then
 * `<key>_2_client_id`, `<key>_3_client_id`, ...
 */
export function clientIdOutputName(clientKey: string, copy = 1): string {
  return copy === 1 ? `${snakeCase(clientKey)}_client_id` : `${snakeCase(clientKey)}_${copy}_client_id`;
}

/** The names a client has in Genesys Cloud: its name, or `<name>-1..N` when it is rotated with N copies. */
export function rotationCopyNames(name: string, copies: number): string[] {
  return copies === 1 ? [name] : Array.from({ length: copies }, (_, i) => `${name}-${i + 1}`);
}

/** Where a stack with a local backend keeps its state by default, relative to the configuration file. */
export function defaultLocalStatePath(stackName: string): string {
  return path.join("state", `${stackName}.tfstate`);
}
