/**
 * A string literal for use inside a Terraform expression (`"${contains(..., <here>)}"`): JSON quoting, and `${` /
 * `%{` escaped so that a value can never open an interpolation of its own.
 */
export function hclString(value: string): string {
  return templateText(JSON.stringify(value));
}

/** Text placed in a Terraform string template as is: `${` and `%{` escaped. */
export function templateText(value: string): string {
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A Terraform identifier made from free text: `Bot Connector` -> `bot_connector`. */
export function identifierFrom(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z_]/.test(slug) ? slug : `_${slug}`;
}
