import type { TerraformElement } from "cdktf";

/**
 * What `scopegate scan` cannot read from Terraform itself, written where Terraform ignores it: the `"//"` comment key
 * of a block (`"//": { "scopegate": { … } }`). With it, a scan of scopegate's own `cdktf.out` knows each stack's
 * tenant, environment, tier and org name, and each client's key, capabilities and rotation, and so checks what
 * `scopegate check` checks.
 */
export function annotateForScan(element: TerraformElement, annotations: Readonly<Record<string, string | readonly string[]>>): void {
  element.addOverride("//.scopegate", annotations);
}
