import { clientsOf, clientTarget, defineRule } from "../rule";

/** Roles are granted on the divisions a client works in, not on all of them. */
export default defineRule({
  id: "division-wildcard",
  description: "No role is granted on all divisions ('*').",
  severity: { nonprod: "warning", prod: "error" },
  messages: {
    allDivisions: "Role '{{role}}' of OAuth client '{{client}}' is granted on all divisions ('*'); expected the home division or a named division.",
  },
  check({ model, report }) {
    for (const [org, client] of clientsOf(model)) {
      for (const grant of client.roles) {
        if (grant.division.value.kind !== "all") continue;
        report({ messageId: "allDivisions", data: { role: grant.role.value, client: client.key }, at: grant.division.loc, scope: org, target: clientTarget(client.key) });
      }
    }
  },
});
