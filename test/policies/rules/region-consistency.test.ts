import type { ScopegateModel } from "../../../model/model";
import regionConsistency from "../../../policies/rules/region-consistency";
import { describe, expect, it } from "vitest";
import { config, orgsYaml } from "../../helpers";
import { findingsOf, testRule } from "../rule-tester";

const orgs = (devBinding: string) => orgsYaml({ dev: { region: "eu-west-2", bindings: devBinding } });
const widget = (uri: string) => `widget:\n  grant: CODE\n  capabilities: [web-messaging]\n  scopes: [messaging]\n  redirectUris: [${uri}]`;

testRule(regionConsistency, {
  valid: [
    { name: "hosts of the org's region", yaml: config({ clients: widget("https://apps.euw2.pure.cloud/callback"), orgs: orgs("apiBase: https://api.euw2.pure.cloud") }) },
    { name: "non-Genesys hosts and global Genesys hosts", yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("docs: https://help.mypurecloud.com/articles/x, help: https://help.genesys.cloud/articles/y") }) },
    { name: "customers' own hosts that merely contain a Genesys word", yaml: config({ clients: widget("https://genesyscloud-bridge.acme.example/cb"), orgs: orgs("bridge: https://purecloud.acme.example/cb") }) },
    { name: "a bare host name of the region", yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("loginHost: login.euw2.pure.cloud") }) },
    {
      name: "text that mentions hosts among other words, IP addresses, and a port inside a name",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs('note: "see api.mypurecloud.ie", both: "api.mypurecloud.ie or api.mypurecloud.com", ip: "10.0.0.1:8080", odd: "api.mypurecloud:443.com"') }),
    },
  ],
  invalid: [
    {
      name: "an API host of another region, with the right one",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("apiBase: https://api.mypurecloud.ie") }),
      findings: [{ messageId: "wrongRegion", at: "apiBase:", data: { host: "api.mypurecloud.ie", hostRegion: "eu-west-1", region: "eu-west-2", expected: "api.euw2.pure.cloud" } }],
    },
    {
      name: "a redirect URI on another region's host",
      yaml: config({ clients: widget("https://apps.mypurecloud.com/cb"), orgs: orgs("x: 1") }),
      findings: [{ messageId: "wrongRegion", at: "redirectUris:", data: { hostRegion: "us-east-1", expected: "apps.euw2.pure.cloud" } }],
    },
    {
      name: "a bare host with a port of another region",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("apiHost: api.mypurecloud.com:443") }),
      findings: [{ messageId: "wrongRegion", at: "apiHost:", data: { host: "api.mypurecloud.com", expected: "api.euw2.pure.cloud" } }],
    },
    {
      name: "a region's bare domain as the host, with the org's domain",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("apiBase: https://MyPureCloud.com") }),
      findings: [{ messageId: "wrongRegion", at: "apiBase:", data: { host: "mypurecloud.com", hostRegion: "us-east-1", expected: "euw2.pure.cloud" } }],
    },
    {
      name: "a bare host name with blanks around it",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs('apiHost: "  api.mypurecloud.com "') }),
      findings: [{ messageId: "wrongRegion", at: "apiHost:", data: { host: "api.mypurecloud.com", expected: "api.euw2.pure.cloud" } }],
    },
    {
      name: "login, apps and web messaging hosts that do not exist, with the host meant",
      yaml: config({
        clients: widget("https://login.eu-west-2.genesys.cloud/cb"),
        orgs: orgs("apps: apps.eu-west-2.genesys.cloud, chat: https://webmessaging.eu-west-2.genesys.cloud/x"),
      }),
      findings: [
        { messageId: "unknownHost", at: "apps:", data: { host: "apps.eu-west-2.genesys.cloud", expected: "'apps.euw2.pure.cloud'" } },
        { messageId: "unknownHost", at: "apps:", data: { host: "webmessaging.eu-west-2.genesys.cloud", expected: "'webmessaging.euw2.pure.cloud'" } },
        { messageId: "unknownHost", at: "redirectUris:", data: { host: "login.eu-west-2.genesys.cloud", expected: "'login.euw2.pure.cloud'" } },
      ],
    },
    {
      name: "hosts that look like Genesys Cloud but do not exist",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("apiBase: https://api.eu-west-2.genesys.cloud, au: mypurecloud.au") }),
      findings: [
        { messageId: "unknownHost", at: "apiBase:", data: { host: "api.eu-west-2.genesys.cloud", expected: "'api.euw2.pure.cloud'" } },
        { messageId: "unknownHost", at: "apiBase:", data: { host: "mypurecloud.au", expected: "a host under 'euw2.pure.cloud'" } },
      ],
    },
  ],
});

/** The model with the dev org's region replaced, as a scan reads it: through a variable, or as a literal. */
const regionFrom = (value: string, reference: string | undefined) => (model: ScopegateModel): ScopegateModel => ({
  ...model,
  environments: model.environments.map((org) => (org.environment === "dev" ? { ...org, region: { value, loc: org.region.loc, ...(reference === undefined ? {} : { reference }) } } : org)),
});

testRule(regionConsistency, {
  valid: [
    { name: "a literal region that is not one (provider-schema's finding; a skip note here)", yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("x: 1") }), mutate: regionFrom("EMEA (Ireland)", undefined) },
    { name: "a region a variable gives that is one", yaml: config({ clients: widget("https://apps.euw2.pure.cloud/cb"), orgs: orgs("x: 1") }), mutate: regionFrom("eu-west-2", "var.region") },
  ],
  invalid: [
    {
      name: "a region a variable gives that is a display name, at the value",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("x: 1") }),
      mutate: regionFrom("EMEA (Ireland)", "var.region"),
      findings: [{ messageId: "unknownRegion", at: "region: eu-west-2", data: { value: "EMEA (Ireland)", reference: "var.region", expected: "a region code such as 'eu-west-1' (not a display name)" } }],
    },
    {
      name: "a region a variable gives with a typo, naming the region meant",
      yaml: config({ clients: widget("https://chat.acme.example/cb"), orgs: orgs("x: 1") }),
      mutate: regionFrom("eu-west-22", "var.region"),
      findings: [{ messageId: "unknownRegion", at: "region: eu-west-2", data: { expected: "'eu-west-2'" } }],
    },
  ],
});

describe("region-consistency findings", () => {
  it("name where the host is written and target the OAuth client or the binding", () => {
    const { findings } = findingsOf(regionConsistency, { name: "", yaml: config({ clients: widget("https://apps.mypurecloud.com/cb"), orgs: orgs("apiBase: https://api.mypurecloud.ie") }) });
    expect(findings.map((finding) => [finding.target, finding.message])).toEqual([
      ["binding/apiBase", "Host 'api.mypurecloud.ie' in binding 'apiBase' belongs to region 'eu-west-1', but 'acme-dev' is in region 'eu-west-2'; expected 'api.euw2.pure.cloud'."],
      [
        "oauth-client/widget",
        "Host 'apps.mypurecloud.com' in a redirect URI of OAuth client 'widget' belongs to region 'us-east-1', but 'acme-dev' is in region 'eu-west-2'; expected 'apps.euw2.pure.cloud'.",
      ],
    ]);
  });
});
