import redirectUris from "../../../policies/rules/redirect-uris";
import { BOT_CONNECTOR, config } from "../../helpers";
import { scannedClients, testRule } from "../rule-tester";

const widget = (uris: string, extra = "") => config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [${uris}]${extra}` });

const COMPUTED = "OAuth clients whose grant type or redirect URIs are not literals (computed by an expression, or missing) were not checked.";

testRule(redirectUris, {
  valid: [
    { name: "absolute https URIs", yaml: widget("https://chat.acme.example/callback, https://chat.acme.example/silent") },
    { name: "plain http on localhost in a nonprod org", yaml: widget("https://chat.acme.example/callback", `\n  environments:\n    dev: { redirectUris: ["http://localhost:3000/callback"] }`) },
    { name: "a CLIENT-CREDENTIALS client without redirect URIs", yaml: config({ clients: BOT_CONNECTOR }) },
    {
      name: "a native app's private-use scheme in reverse-domain form (RFC 8252), in prod too",
      yaml: widget("com.example.app:/oauth2redirect, com.example.app://callback, com.example.mobile-app:callback"),
    },
    { name: "loopback http on any port for a native app (RFC 8252), in prod too", yaml: widget(`"http://127.0.0.1:51234/callback", "http://[::1]:8080/callback", "http://127.0.0.1/"`), skipped: [] },
    {
      name: "a scanned client whose grant is computed, with a note (whether it redirects is unknown)",
      yaml: widget("https://chat.acme.example/callback"),
      mutate: scannedClients((client) => ({ ...client, grant: { ...client.grant, value: "" as never }, unknown: new Set(["grant"] as const) })),
      skipped: [COMPUTED],
    },
    {
      name: "a scanned CODE client whose redirect URIs are computed, with a note",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]` }),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["redirectUris"] as const) })),
      skipped: [COMPUTED],
    },
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
    {
      name: "URIs that are not absolute redirect URIs: 'https:' without '//', 'mailto:', a reverse-domain scheme with nothing after it",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  only: [dev]\n  redirectUris:\n    - https:chat.acme.example/cb\n    - mailto:chat@acme.example\n    - "com.example.app:"\n    - org.example.app:/` }),
      // Several bad URIs of one client: one finding at the first, naming each with what is wrong with it.
      findings: [
        {
          messageId: "severalBad",
          at: "- https:chat",
          data: { count: 4, uris: "'https:chat.acme.example/cb' (not absolute), 'mailto:chat@acme.example' (not absolute), 'com.example.app:' (not absolute), 'org.example.app:/' (not absolute)" },
        },
      ],
    },
    {
      name: "a private scheme that is not in reverse-domain form, and http to a host that is not a loopback address",
      yaml: widget(`myapp://callback, "http://127.0.0.2:8080/cb", "http://[::2]:8080/cb"`, "\n  only: [dev]"),
      findings: [
        { messageId: "severalBad", at: "redirectUris:", data: { count: 3, uris: "'myapp://callback' (uses 'myapp:'), 'http://127.0.0.2:8080/cb' (uses 'http:'), 'http://[::2]:8080/cb' (uses 'http:')" } },
      ],
    },
    {
      name: "fragments, wildcards and trailing-slash twins in native-app URIs too",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris:\n    - com.example.app:/cb#done\n    - com.example.*:/cb\n    - com.example.app:/done\n    - com.example.app:/done/` }),
      findings: [
        { messageId: "severalBad", at: "- com.example.app:/cb#done", environment: "dev", data: { uris: "'com.example.app:/cb#done' (has a fragment), 'com.example.*:/cb' (contains '*')" } },
        { messageId: "severalBad", at: "- com.example.app:/cb#done", environment: "prod" },
        { messageId: "nearDuplicate", at: "- com.example.app:/done/", environment: "dev", data: { difference: "a trailing slash" } },
        { messageId: "nearDuplicate", at: "- com.example.app:/done/", environment: "prod" },
      ],
    },
    {
      name: "the redirect URIs a scan could read of a client whose other redirect URIs are computed",
      yaml: widget("http://chat.acme.example/callback", "\n  only: [dev]"),
      mutate: scannedClients((client) => ({ ...client, unknown: new Set(["redirectUris"] as const) })),
      findings: [{ messageId: "notHttps", at: "redirectUris:", data: { protocol: "http:" } }],
      skipped: [],
    },
    {
      name: "an empty host, a private-use scheme with only '//' after it, and a scheme other than http to a loopback address or localhost",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  only: [dev]\n  redirectUris:\n    - myapp:///callback\n    - com.example.app://\n    - ws://localhost:3000/cb\n    - ftp://127.0.0.1/cb` }),
      findings: [
        {
          messageId: "severalBad",
          at: "- myapp:///callback",
          data: { count: 4, uris: "'myapp:///callback' (not absolute), 'com.example.app://' (not absolute), 'ws://localhost:3000/cb' (uses 'ws:'), 'ftp://127.0.0.1/cb' (uses 'ftp:')" },
        },
      ],
    },
    {
      name: "several bad URIs of a prod client, localhost among them",
      yaml: widget(`"https://localhost:3000/cb", "https://chat.acme.example/cb#x"`, "\n  only: [prod]"),
      findings: [{ messageId: "severalBad", at: "redirectUris:", data: { client: "widget", count: 2, uris: "'https://localhost:3000/cb' (points at 'localhost' in prod), 'https://chat.acme.example/cb#x' (has a fragment)" } }],
    },
    {
      name: "URIs that differ only by several trailing slashes, either one first",
      yaml: config({ clients: `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  only: [dev]\n  redirectUris:\n    - "https://chat.acme.example/a"\n    - "https://chat.acme.example/a//"\n    - "https://chat.acme.example/b//"\n    - "https://chat.acme.example/b"` }),
      findings: [
        { messageId: "nearDuplicate", at: '/a//"', data: { uri: "https://chat.acme.example/a//", other: "https://chat.acme.example/a", difference: "a trailing slash" } },
        { messageId: "nearDuplicate", at: '/b"', data: { uri: "https://chat.acme.example/b", other: "https://chat.acme.example/b//", difference: "a trailing slash" } },
      ],
    },
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
