import redirectUris from "../../../policies/rules/redirect-uris";
import { BOT_CONNECTOR, config } from "../../helpers";
import { testRule } from "../rule-tester";

const widget = (uris: string, extra = "") => config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [${uris}]${extra}` });

testRule(redirectUris, {
  valid: [
    { name: "absolute https URIs", yaml: widget("https://chat.acme.example/callback, https://chat.acme.example/silent") },
    { name: "plain http on localhost in a nonprod org", yaml: widget("https://chat.acme.example/callback", `\n  environments:\n    dev: { redirectUris: ["http://localhost:3000/callback"] }`) },
    { name: "a CLIENT-CREDENTIALS client without redirect URIs", yaml: config({ clients: BOT_CONNECTOR }) },
  ],
  invalid: [
    {
      name: "a CODE client without redirect URIs",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  only: [dev]` }),
      findings: [{ messageId: "missing", at: "grant: CODE", data: { grant: "CODE" } }],
    },
    {
      name: "plain http to a public host",
      yaml: widget("http://chat.acme.example/callback", "\n  only: [dev]"),
      findings: [{ messageId: "notHttps", at: "redirectUris:", data: { protocol: "http:" } }],
    },
    {
      name: "localhost in a prod org",
      yaml: widget("https://localhost:3000/callback", "\n  only: [prod]"),
      findings: [{ messageId: "localhostInProd", at: "redirectUris:", data: { host: "localhost", environment: "prod" } }],
    },
    { name: "a relative URI", yaml: widget("/callback", "\n  only: [dev]"), findings: [{ messageId: "notAbsolute", at: "redirectUris:" }] },
    { name: "a URI with a fragment", yaml: widget("https://chat.acme.example/cb#done", "\n  only: [dev]"), findings: [{ messageId: "fragment", at: "redirectUris:" }] },
    { name: "a wildcard URI", yaml: widget("https://*.acme.example/cb", "\n  only: [dev]"), findings: [{ messageId: "wildcard", at: "redirectUris:" }] },
    {
      name: "URIs that differ only by a trailing slash, by case, or by both",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  only: [dev]\n  redirectUris:\n    - https://chat.acme.example/cb\n    - https://chat.acme.example/cb/\n    - https://chat.acme.example/Login\n    - https://chat.acme.example/login\n    - https://chat.acme.example/Done\n    - https://chat.acme.example/done/` }),
      findings: [
        { messageId: "nearDuplicate", at: "- https://chat.acme.example/cb/", data: { other: "https://chat.acme.example/cb", difference: "a trailing slash" } },
        { messageId: "nearDuplicate", at: "- https://chat.acme.example/login", data: { difference: "letter case" } },
        { messageId: "nearDuplicate", at: "- https://chat.acme.example/done/", data: { difference: "letter case and a trailing slash" } },
      ],
    },
    {
      name: "redirect URIs on a grant that never redirects",
      yaml: config({ clients: BOT_CONNECTOR + "\n  redirectUris: [https://bot.acme.example/cb]\n  only: [dev]" }),
      findings: [{ messageId: "unusedByGrant", at: "redirectUris: [https://bot", data: { grant: "CLIENT-CREDENTIALS" } }],
    },
  ],
});
