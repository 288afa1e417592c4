import { clientsOf, clientTarget, defineRule, isUnknown } from "../rule";

/** Client secrets stay out of prod state and files (shared deploy credentials are env-isolation's). */
export default defineRule({
  id: "secret-exposure",
  description: "No prod-tier client stores its secret in Terraform state or a file.",
  severity: { nonprod: "error", prod: "error" },
  waivableInProd: false,
  messages: {
    exposedInState: "OAuth client '{{client}}' sets 'exposeSecret' in prod-tier environment '{{environment}}', which stores its secret in Terraform state; expected 'exposeSecret: false' in prod.",
    secretDirectory: "OAuth client '{{client}}' writes its secret to directory '{{directory}}' in prod-tier environment '{{environment}}'; expected no secret files in prod.",
  },
  check({ model, report, skip }) {
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
