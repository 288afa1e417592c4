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

/** Output holding a client's id; `copy` is the rotation index when the client is rotated. */
export function clientIdOutputName(clientKey: string, copy?: number): string {
  return copy === undefined ? `${snakeCase(clientKey)}_client_id` : `${snakeCase(clientKey)}_${copy}_client_id`;
}
