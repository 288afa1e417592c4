import knownScopes from "../../../policies/rules/known-scopes";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const withScopes = (scopes: string) => config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [${scopes}]\n  redirectUris: [https://chat.acme.example/cb]\n  only: [dev]` });

testRule(knownScopes, {
  valid: [
    { name: "catalog scopes", yaml: withScopes("messaging, webdeployments:readonly") },
    { name: "scopes a built-in profile names (bot:platform, bot:admin)", yaml: config({ clients: BOT_CONNECTOR }) },
    { name: "a scope declared under 'scopes.known'", yaml: withScopes("messaging, messaging:beta") + "scopes:\n  known: [messaging:beta]\n" },
    { name: "a scope a declared profile names", yaml: withScopes("messaging, conversations:webmessaging") + "profiles:\n  web-messaging:\n    scopes: { require: [messaging:*], allow: [messaging:*, conversations:webmessaging] }\n" },
  ],
  invalid: [
    {
      name: "a misspelled scope, with the nearest known name",
      yaml: withScopes("mesaging"),
      findings: [{ messageId: "unknownScope", at: "scopes: [mesaging]", data: { scope: "mesaging", expected: "'messaging', the nearest known scope" } }],
    },
    {
      name: "an invented scope copied from a forum post, with where to declare it if it exists",
      yaml: withScopes("messaging, conversation-widgets:superuser"),
      findings: [{ messageId: "unknownScope", at: "scopes: [messaging,", data: { scope: "conversation-widgets:superuser", expected: "a scope of the catalog ('scopegate explain known-scopes'), or the scope added under 'scopes.known' if your orgs have it" } }],
    },
  ],
});
