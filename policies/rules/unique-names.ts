import type { OAuthClientModel } from "../../model/model";
import { rotationCopyNames } from "../../config/outputs";
import { clientTarget, defineRule, isUnknown } from "../rule";

/** No two clients of one org share a Genesys name. */
export default defineRule({
  id: "unique-names",
  description: "No two OAuth clients of one org have the same name in Genesys Cloud (compared without case).",
  severity: { nonprod: "error", prod: "error" },
  messages: {
    duplicateName: "OAuth client '{{client}}' would be named '{{name}}' in '{{stack}}', as OAuth client '{{other}}' is; expected unique names in one org, since clients are looked up by name.",
  },
  check({ model, report, skip }) {
    for (const org of model.environments) {
      const owners = new Map<string, OAuthClientModel>();
      for (const client of org.oauthClients) {
        if (isUnknown(client, "name")) {
          skip("OAuth clients whose name is computed (not literal, nor a variable's literal value) were not compared.", client.loc);
          continue;
        }
        for (const name of rotationCopyNames(client.name.value, client.rotation.value)) {
          const folded = name.trim().toLowerCase();
          const owner = owners.get(folded);
          // A client's own copies never collide: their numbers differ.
          if (owner === undefined) owners.set(folded, client);
          else report({ messageId: "duplicateName", data: { client: client.key, name, stack: org.stackName, other: owner.key }, at: client.name.loc, scope: org, target: clientTarget(client.key) });
        }
      }
    }
  },
});
