import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { addStacks, synthesize } from "../../constructs/app";
import { ROOT, tempDir } from "../helpers";

type StackJson = Record<string, any>;
interface Condition {
  readonly condition: string;
  readonly error_message: string;
}

const ORG = "data.genesyscloud_organizations_me.org";
const SELF_REFS = ["self.name", "self.third_party_org_name"] as const;
const ORG_REFS = [`${ORG}.name`, `${ORG}.third_party_org_name`] as const;

function loadExample(): ScopegateModel {
  const result = loadConfig("scopegate.yaml", path.join(ROOT, "scopegate.yaml"));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.model;
}

/**
 * Renders a Terraform string template the way Terraform reads it: `$${` and `%%{` become literal text, each `${ref}`
 * becomes `«ref»`. Throws on a template directive (`%{`) or an interpolation that is not a plain reference, so text
 * that would run as Terraform code fails the test instead of passing unnoticed.
 */
function renderTemplate(template: string): string {
  let out = "";
  for (let i = 0; i < template.length; ) {
    if (template.startsWith("$${", i) || template.startsWith("%%{", i)) {
      out += `${template[i]}{`;
      i += 3;
    } else if (template.startsWith("${", i)) {
      const end = template.indexOf("}", i);
      const ref = template.slice(i + 2, end);
      if (!/^[a-z_][a-z0-9_.]*$/.test(ref)) throw new Error(`interpolation '\${${ref}}' is not a plain reference in: ${template}`);
      out += `«${ref}»`;
      i = end + 1;
    } else if (template.startsWith("%{", i)) {
      throw new Error(`template directive at ${i} in: ${template}`);
    } else {
      out += template[i];
      i += 1;
    }
  }
  return out;
}

/**
 * Reads a condition of the shape `${contains([<a>, <b>], "<literal>")}` and returns the two references and the
 * literal's value as Terraform decodes it (a quoted HCL template: `\"`, `\\`, `$${`, `%%{`). Throws when the literal
 * is not one closed string, i.e. when declared text could end it and add an expression of its own.
 */
function parseContains(condition: string): { refs: string[]; literal: string } {
  const match = /^\$\{contains\(\[([a-z_.]+), ([a-z_.]+)\], "(.*)"\)\}$/s.exec(condition);
  if (match === null) throw new Error(`not a contains() condition: ${condition}`);
  const [, first, second, body] = match;
  let literal = "";
  for (let i = 0; i < body.length; ) {
    const rest = body.slice(i);
    const escape = /^(\\["\\nrt]|\$\$\{|%%\{)/.exec(rest)?.[0];
    if (escape !== undefined) {
      literal += { '\\"': '"', "\\\\": "\\", "\\n": "\n", "\\r": "\r", "\\t": "\t", "$${": "${", "%%{": "%{" }[escape];
      i += escape.length;
    } else if (body[i] === '"' || body[i] === "\\" || rest.startsWith("${") || rest.startsWith("%{")) {
      throw new Error(`the org name's literal is not closed text at ${i}: ${condition}`);
    } else {
      literal += body[i];
      i += 1;
    }
  }
  return { refs: [first, second], literal };
}

/** The guard's message, with the actual org shown through `actual` (the two references, already rendered). */
function expectedMessage(stackName: string, orgName: string, credentials: readonly string[], refs: readonly string[]): string {
  return `Stack ${stackName} is declared for Genesys Cloud org ${orgName}, but the credentials in ${credentials.join(" / ")} belong to org «${refs[0]}» («${refs[1]}»). Refusing to plan: point the stack at the right credentials.`;
}

describe("the org-identity guard in the synthesized example", () => {
  let dir: string;
  let model: ScopegateModel;
  let stacks: Record<string, StackJson>;

  beforeAll(() => {
    dir = tempDir();
    model = loadExample();
    synthesize(model, { outdir: path.join(dir, "cdktf.out"), configDir: ROOT });
    stacks = {};
    for (const name of fs.readdirSync(path.join(dir, "cdktf.out", "stacks"))) {
      stacks[name] = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"));
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Each stack of the example with the org and credential variables it declares. */
  const declared = () =>
    model.environments.map((org) => ({
      stack: org.stackName,
      orgName: org.orgName.value,
      credentials: [org.credentials.clientIdEnv.value, org.credentials.clientSecretEnv.value],
      json: stacks[org.stackName],
    }));

  it("guards each stack with its own org: acme-dev, acme, globex-sandbox, globex", () => {
    expect(Object.fromEntries(declared().map((d) => [d.stack, parseContains(d.json.data.genesyscloud_organizations_me.org.lifecycle.postcondition[0].condition).literal]))).toEqual({
      "acme-dev": "acme-dev",
      "acme-prod": "acme",
      "globex-dev": "globex-sandbox",
      "globex-prod": "globex",
    });
  });

  it("puts exactly one postcondition on the org lookup, accepting the org's name or its third-party (short) name", () => {
    for (const { stack, orgName, credentials, json } of declared()) {
      const lookup = json.data.genesyscloud_organizations_me;
      expect(Object.keys(lookup), stack).toEqual(["org"]);
      const postconditions: Condition[] = lookup.org.lifecycle.postcondition;
      expect(postconditions, stack).toHaveLength(1);
      const [guard] = postconditions;
      expect(guard.condition, stack).toBe(`\${contains([self.name, self.third_party_org_name], ${JSON.stringify(orgName)})}`);
      expect(renderTemplate(guard.error_message), stack).toBe(expectedMessage(stack, orgName, credentials, SELF_REFS));
    }
  });

  it("names the stack, the declared org, both credential variables and the actual org in the message", () => {
    const message = stacks["acme-prod"].data.genesyscloud_organizations_me.org.lifecycle.postcondition[0].error_message;
    expect(message).toBe(
      "Stack acme-prod is declared for Genesys Cloud org acme, but the credentials in ACME_PROD_CLIENT_ID / ACME_PROD_CLIENT_SECRET belong to org ${self.name} (${self.third_party_org_name}). Refusing to plan: point the stack at the right credentials.",
    );
  });

  it("puts the guard, as the only precondition, on every OAuth client of every stack, rotation copies included, and on every role it creates", () => {
    const guarded = { genesyscloud_oauth_client: 0, genesyscloud_auth_role: 0 };
    for (const { stack, orgName, credentials, json } of declared()) {
      // Every resource type a stack holds is one of these two: a new type must be guarded (and counted) too.
      expect(Object.keys(json.resource).sort(), stack).toEqual(Object.keys(guarded).sort());
      for (const type of Object.keys(guarded) as (keyof typeof guarded)[]) {
        for (const [address, resource] of Object.entries(json.resource[type]) as [string, any][]) {
          const preconditions: Condition[] = resource.lifecycle.precondition;
          expect(preconditions, `${stack} ${type}.${address}`).toHaveLength(1);
          expect(resource.lifecycle.postcondition, `${stack} ${type}.${address}`).toBeUndefined();
          const { refs, literal } = parseContains(preconditions[0].condition);
          expect({ refs, literal }, `${stack} ${type}.${address}`).toEqual({ refs: [...ORG_REFS], literal: orgName });
          expect(renderTemplate(preconditions[0].error_message), `${stack} ${type}.${address}`).toBe(expectedMessage(stack, orgName, credentials, ORG_REFS));
          guarded[type] += 1;
        }
      }
    }
    // Clients: 6 in acme-dev (bot-connector twice), 5 in acme-prod (no crm-sync), 3 in each globex org; roles: the 4
    // that acme's clients hold in each acme org, the 2 that globex's hold in each globex org.
    expect(guarded).toEqual({ genesyscloud_oauth_client: 17, genesyscloud_auth_role: 12 });
  });

  it("guards the org_id output, and every other output reads only guarded objects or constants", () => {
    for (const { stack, orgName, credentials, json } of declared()) {
      const preconditions: Condition[] = json.output.org_id.precondition;
      expect(preconditions, stack).toHaveLength(1);
      expect(parseContains(preconditions[0].condition), stack).toEqual({ refs: [...ORG_REFS], literal: orgName });
      expect(renderTemplate(preconditions[0].error_message), stack).toBe(expectedMessage(stack, orgName, credentials, ORG_REFS));
      // The org lookup fails the plan through its postcondition and each client through its precondition, so an
      // output that reads only them (or nothing from the org) can never show another org's values.
      const guarded = new RegExp(`^(${ORG.replace(/\./g, "\\.")}|genesyscloud_oauth_client\\.[a-z0-9_-]+)\\.[a-z_]+$`);
      for (const [name, output] of Object.entries(json.output) as [string, { value: unknown; precondition?: Condition[] }][]) {
        if (name !== "org_id") expect(output.precondition, `${stack} ${name}`).toBeUndefined();
        for (const ref of String(output.value).match(/(?<!\$)\$\{[^}]*\}/g) ?? []) expect(ref.slice(2, -1), `${stack} ${name}`).toMatch(guarded);
      }
    }
  });
});

/** The one stack of a one-org configuration whose org is named `orgName`, as JSON. */
function synthOrg(orgName: string): StackJson {
  const text = `version: 1
tenants:
  acme:
    orgs:
      dev: { tier: nonprod, region: eu-west-1, orgName: ${JSON.stringify(orgName)}, credentials: { clientIdEnv: A_ID, clientSecretEnv: A_SECRET } }
    oauthClients:
      widget: { grant: CODE, scopes: [messaging], redirectUris: [https://chat.example.com/cb], rotation: 2 }
      bot: { grant: CLIENT-CREDENTIALS, roles: [{ role: Bot Connector Integration }] }
roles:
  Bot Connector Integration: { permissions: [integration:botconnector:view] }
`;
  const result = loadConfigText("inline.yaml", text);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  const app = new App({ outdir: "/tmp/unused-scopegate-out", stackTraces: false });
  const [stack] = addStacks(app, result.model, { outdir: "/work/out", configDir: "/work/config" });
  return stack.toTerraform();
}

describe("an org name is literal text in every guard", () => {
  it.each([
    ['a double quote', 'Acme "Prod"'],
    ["a quote that would end the literal and always pass", 'acme") || true || contains([], "'],
    ["an interpolation", "evil${var.A_SECRET}"],
    ["a template directive", "%{ if true }acme%{ endif }"],
    ["a backslash", "acme\\prod"],
  ])("keeps %s in the org name as text: %j", (_what, orgName) => {
    const json = synthOrg(orgName);
    const guards: [string, Condition][] = [
      ["org lookup postcondition", json.data.genesyscloud_organizations_me.org.lifecycle.postcondition[0]],
      ...(Object.entries(json.resource.genesyscloud_oauth_client) as [string, any][]).map(([address, client]): [string, Condition] => [address, client.lifecycle.precondition[0]]),
      ...(Object.entries(json.resource.genesyscloud_auth_role) as [string, any][]).map(([address, role]): [string, Condition] => [address, role.lifecycle.precondition[0]]),
      ["output org_id", json.output.org_id.precondition[0]],
    ];
    expect(guards).toHaveLength(6);
    for (const [where, guard] of guards) {
      expect(parseContains(guard.condition).literal, where).toBe(orgName);
      expect(renderTemplate(guard.error_message), where).toContain(`declared for Genesys Cloud org ${orgName}, but`);
    }
  });
});
