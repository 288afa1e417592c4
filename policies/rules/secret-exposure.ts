import { clientsOf, clientTarget, defineRule, groupBy } from "../rule";

/** Client secrets stay out of prod state and files, and each org's deploy credentials have variables of their own. */
export default defineRule({
  id: "secret-exposure",
  description: "No prod-tier client stores its secret in Terraform state or a file, and no two orgs share a credentials environment variable.",
  severity: { nonprod: "error", prod: "error" },
  waivableInProd: false,
  messages: {
    exposedInState: "OAuth client '{{client}}' sets 'exposeSecret' in prod-tier environment '{{environment}}', which stores its secret in Terraform state; expected 'exposeSecret: false' in prod.",
    secretDirectory: "OAuth client '{{client}}' writes its secret to directory '{{directory}}' in prod-tier environment '{{environment}}'; expected no secret files in prod.",
    sharedCredentials: "Environment variable '{{variable}}' holds the deploy credentials of '{{stack}}' and also of {{others}}; expected one variable per org, so that one org's credentials can never deploy to another.",
  },
  check({ model, report }) {
    for (const [org, client] of clientsOf(model)) {
      if (org.tier.value !== "prod") continue;
      const base = { scope: org, target: clientTarget(client.key) } as const;
      if (client.exposeSecret.value) {
        report({ ...base, messageId: "exposedInState", data: { client: client.key, environment: org.environment }, at: client.exposeSecret.loc });
      }
      if (client.secretDirectory !== undefined) {
        report({ ...base, messageId: "secretDirectory", data: { client: client.key, directory: client.secretDirectory.value, environment: org.environment }, at: client.secretDirectory.loc });
      }
    }

    const slots = model.environments.flatMap((org) => [org.credentials.clientIdEnv, org.credentials.clientSecretEnv].map((slot) => ({ org, slot })));
    const users = groupBy(slots, ({ slot }) => [slot.value]);
    // Reported in every org that shares the variable, so a prod org's finding counts (and is refused waivers) as prod.
    for (const [variable, sharing] of users) {
      if (sharing.length < 2) continue;
      for (const { org, slot } of sharing) {
        const others = sharing.filter((user) => user.org !== org).map((user) => `'${user.org.stackName}'`);
        report({ messageId: "sharedCredentials", data: { variable, stack: org.stackName, others: others.join(", ") }, at: slot.loc, scope: org, target: "org" });
      }
    }
  },
});
