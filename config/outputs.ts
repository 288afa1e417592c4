/**
 * Names of the Terraform outputs each stack emits. The loader uses them to reject a `bindings:` key that would
 * collide; the constructs use them to name the outputs.
 */

/** Outputs every stack has, whatever it declares. */
export const ORG_OUTPUT_NAMES = ["org_id", "org_name", "region", "api_base_url", "login_base_url"] as const;

/** `bot-connector` -> `bot_connector`: client keys have no underscores, so this never maps two keys to one name. */
export function snakeCase(key: string): string {
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
