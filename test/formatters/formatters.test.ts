import * as fs from "node:fs";
import * as path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { describe, expect, expectTypeOf, it } from "vitest";
import { sortFindings, type Finding, type SkipNote } from "../../policies/finding";
import { FORMATS, formatFindings, isFormat, type ReportContext } from "../../formatters";
import type { SarifLog } from "../../formatters/sarif";
import { RULES } from "../../policies/registry";
import { defineRule, type Rule } from "../../policies/rule";
import { ROOT } from "../helpers";

function rule(id: string, severity: Rule["severity"]): Rule {
  return defineRule({ id, description: `Checks ${id}.`, severity, messages: { found: "Found." }, check: () => undefined });
}

const context: ReportContext = {
  rules: [
    rule("grant-shape", { nonprod: "error", prod: "error" }),
    rule("least-privilege", { nonprod: "info", prod: "warning" }),
    rule("redirect-uris", { nonprod: "warning", prod: "error" }),
    rule("unique-names", { nonprod: "error", prod: "error" }),
    rule("unused-waiver", { nonprod: "info", prod: "info" }),
  ],
  source: "scopegate.yaml",
  toolVersion: "0.1.0",
  docsUri: (id) => `https://example.com/scopegate/docs/rules/${id}.md`,
};

function finding(props: Partial<Finding> & Pick<Finding, "ruleId" | "severity" | "message" | "line">): Finding {
  return {
    messageId: "found",
    data: {},
    file: "scopegate.yaml",
    column: 7,
    tenant: "acme",
    environment: "prod",
    target: "oauth-client/bot",
    waived: false,
    ...props,
  };
}

const ERROR = finding({
  ruleId: "grant-shape",
  severity: "error",
  message: "OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.",
  messageId: "missingRoles",
  data: { client: "a<b>&c" },
  line: 12,
  target: "oauth-client/a<b>&c",
});
const WARNING = finding({
  ruleId: "least-privilege",
  severity: "warning",
  message: "OAuth client 'bot|x' requests 'routing:queue:view, users:read' at 100%;\nexpected fewer.",
  messageId: "broad",
  data: { client: "bot|x" },
  line: 20,
  column: 9,
});
const INFO = finding({
  ruleId: "unused-waiver",
  severity: "info",
  message: "Waiver 0 for tenant 'acme' matched no finding.",
  line: 40,
  column: 5,
  environment: undefined,
  target: "waiver/0",
});
const WAIVED = finding({
  ruleId: "redirect-uris",
  severity: "warning",
  message: "OAuth client 'legacy' redirects to 'http://localhost:3000'.",
  data: { client: "legacy", uri: "http://localhost:3000" },
  line: 30,
  environment: "dev",
  target: "oauth-client/legacy",
  waived: true,
  waiver: { owner: "@acme/platform", reason: "Legacy | callback, until <migration>.", expires: "2026-12-31", index: 0 },
});

const FINDINGS = sortFindings([WAIVED, INFO, WARNING, ERROR]);

/** What a scan's rules could not check: a note that applied once and one that applied three times. */
const SKIPPED: readonly SkipNote[] = [
  { ruleId: "grant-shape", reason: "OAuth clients whose grant type is not a literal were not checked.", count: 1, file: "main.tf", line: 3, column: 1 },
  { ruleId: "least-privilege", reason: "OAuth clients without capabilities were not checked.", count: 3, file: "envs/prod/clients.tf", line: 12, column: 5 },
];
const SCAN: ReportContext = { ...context, source: "envs", skipped: SKIPPED };

/** Findings of a scan, each org named by its folder: the folder's own name is not repeated as its environment. */
const SCANNED = [
  finding({ ruleId: "grant-shape", severity: "error", message: "Unix folder.", line: 120, tenant: "envs/prod", environment: "prod", file: "envs/prod/main.tf" }),
  finding({ ruleId: "grant-shape", severity: "error", message: "Windows folder.", line: 4, tenant: "envs\\dev", environment: "dev", file: "envs\\dev\\main.tf" }),
  finding({ ruleId: "grant-shape", severity: "error", message: "Folder named as its environment.", line: 5, tenant: "test", environment: "test", file: "test/main.tf" }),
  finding({ ruleId: "grant-shape", severity: "error", message: "No environment named.", line: 6, tenant: "shared", environment: "", file: "shared/main.tf" }),
];

describe("formatFindings", () => {
  it.each(FORMATS)("%s ends with exactly one newline, with and without findings", (format) => {
    for (const findings of [[], FINDINGS]) expect(formatFindings(format, findings, context)).toMatch(/[^\n]\n$/);
  });

  it("recognizes format names", () => {
    expect(FORMATS.filter(isFormat)).toEqual(FORMATS);
    expect(isFormat("xml")).toBe(false);
  });
});

describe("text", () => {
  it("groups findings by org, marks waived ones and ends with a summary", () => {
    expect(formatFindings("text", FINDINGS, context)).toMatchInlineSnapshot(`
      "acme
      scopegate.yaml:40:5  info     unused-waiver    Waiver 0 for tenant 'acme' matched no finding.

      acme/dev
      scopegate.yaml:30:7  warning  redirect-uris    OAuth client 'legacy' redirects to 'http://localhost:3000'. (waived: @acme/platform, until 2026-12-31)

      acme/prod
      scopegate.yaml:12:7  error    grant-shape      OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.
      scopegate.yaml:20:9  warning  least-privilege  OAuth client 'bot|x' requests 'routing:queue:view, users:read' at 100%;\\nexpected fewer.

      scopegate: 1 error, 1 warning, 1 info, 1 waived in scopegate.yaml
      "
    `);
  });

  it("formats more findings than a function call can take as arguments (10,000 tenants' worth)", () => {
    const many = Array.from({ length: 150_000 }, (_, i) => ({ ...ERROR, line: i + 1 }));
    const output = formatFindings("text", many, context);
    expect(output.split("\n")).toHaveLength(150_000 + 4);
    expect(output).toContain(`scopegate.yaml:150000:${ERROR.column}  error`);
  });

  it("says so when there are no findings, and counts in the singular", () => {
    expect(formatFindings("text", [], context)).toBe("scopegate: no findings in scopegate.yaml\n");
    expect(formatFindings("text", [ERROR, INFO], context)).toMatch(/\nscopegate: 1 error, 0 warnings, 1 info, 0 waived in scopegate.yaml\n$/);
  });

  it("writes control characters as escapes, so a value cannot reach the terminal", () => {
    const output = formatFindings("text", [{ ...ERROR, message: "Name 'a\u001b[31mb'\ris odd." }], context);
    expect(output).toContain("Name 'a\\u001b[31mb'\\ris odd.");
    expect(output).not.toMatch(/[\u001b\r]/);
    // C1 controls (DEL, the one-byte CSI), which JSON leaves as they are, as escapes too.
    expect(formatFindings("text", [{ ...ERROR, message: "a\u007fb\u009b31mc" }], context)).toContain("a\\u007fb\\u009b31mc");
  });

  it("puts a tenant-wide finding before its tenant's orgs whatever the order given, and says 'waived' for a waiver not attached", () => {
    for (const findings of [[ERROR, { ...INFO, waived: true }], [{ ...INFO, waived: true }, ERROR]]) {
      const groups = formatFindings("text", findings, context).split("\n\n");
      expect(groups.slice(0, 2)).toEqual([
        "acme\nscopegate.yaml:40:5  info   unused-waiver  Waiver 0 for tenant 'acme' matched no finding. (waived)",
        "acme/prod\nscopegate.yaml:12:7  error  grant-shape    OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.",
      ]);
    }
    expect(formatFindings("text", [ERROR, { ...INFO, waived: true }], context)).toMatch(/\n\nscopegate: 1 error, 0 warnings, 0 infos, 1 waived in scopegate.yaml\n$/);
  });

  it("names a scanned folder's org by its path alone, and aligns columns of different widths", () => {
    expect(formatFindings("text", SCANNED, context)).toMatchInlineSnapshot(`
      "envs/prod
      envs/prod/main.tf:120:7  error  grant-shape  Unix folder.

      envs\\dev
      envs\\dev\\main.tf:4:7     error  grant-shape  Windows folder.

      shared
      shared/main.tf:6:7       error  grant-shape  No environment named.

      test
      test/main.tf:5:7         error  grant-shape  Folder named as its environment.

      scopegate: 4 errors, 0 warnings, 0 infos, 0 waived in scopegate.yaml
      "
    `);
  });

  it("names a few more places a note applied, and says when there are more", () => {
    const noted = (count: number, alsoAt: SkipNote["alsoAt"]): ReportContext => ({ ...SCAN, skipped: [{ ...SKIPPED[1], count, alsoAt }] });
    const two = [
      { file: "envs/prod/clients.tf", line: 30, column: 5 },
      { file: "envs/dev/clients.tf", line: 12, column: 5 },
    ];
    expect(formatFindings("text", [], noted(3, two))).toContain("OAuth clients without capabilities were not checked. (3 times; also at envs/prod/clients.tf:30, envs/dev/clients.tf:12)");
    expect(formatFindings("text", [], noted(9, two))).toContain("(9 times; also at envs/prod/clients.tf:30, envs/dev/clients.tf:12, …)");
    // Fewer places than the list holds: every distinct place is named, however often the note applied.
    expect(formatFindings("text", [], noted(4, two.slice(0, 1)))).toContain("(4 times; also at envs/prod/clients.tf:30)");
    expect(JSON.parse(formatFindings("json", [], noted(3, two))).skipped[0].alsoAt).toEqual(two);
    const sarif = JSON.parse(formatFindings("sarif", [], noted(3, two)));
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].locations.map((place: { physicalLocation: { region: { startLine: number } } }) => place.physicalLocation.region.startLine)).toEqual([12, 30, 12]);
  });

  it("lists what the rules could not check, aligned, with how often, before the summary", () => {
    expect(formatFindings("text", [], SCAN)).toMatchInlineSnapshot(`
      "Not checked:
        main.tf:3:1                grant-shape      OAuth clients whose grant type is not a literal were not checked.
        envs/prod/clients.tf:12:5  least-privilege  OAuth clients without capabilities were not checked. (3 times)

      scopegate: no findings in envs
      "
    `);
    expect(formatFindings("text", [ERROR], SCAN)).toMatchInlineSnapshot(`
      "acme/prod
      scopegate.yaml:12:7  error  grant-shape  OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.

      Not checked:
        main.tf:3:1                grant-shape      OAuth clients whose grant type is not a literal were not checked.
        envs/prod/clients.tf:12:5  least-privilege  OAuth clients without capabilities were not checked. (3 times)

      scopegate: 1 error, 0 warnings, 0 infos, 0 waived in envs
      "
    `);
  });
});

describe("json", () => {
  it("writes exactly the documented keys, in order, with environment null for a whole tenant", () => {
    const report = JSON.parse(formatFindings("json", FINDINGS, context));
    expect(Object.keys(report)).toEqual(["findings", "summary"]);
    for (const f of report.findings)
      expect(Object.keys(f)).toEqual(["ruleId", "severity", "message", "file", "line", "column", "tenant", "environment", "target", "waived"]);
    expect(report.findings.map((f: { environment: unknown }) => f.environment)).toEqual(["prod", "prod", "dev", null]);
    expect(report.summary).toEqual({ errors: 1, warnings: 1, infos: 1, waived: 1 });
    expect(Object.keys(report.summary)).toEqual(["errors", "warnings", "infos", "waived"]);
  });

  it("pretty-prints with two spaces", () => {
    expect(formatFindings("json", [INFO], context)).toMatchInlineSnapshot(`
      "{
        "findings": [
          {
            "ruleId": "unused-waiver",
            "severity": "info",
            "message": "Waiver 0 for tenant 'acme' matched no finding.",
            "file": "scopegate.yaml",
            "line": 40,
            "column": 5,
            "tenant": "acme",
            "environment": null,
            "target": "waiver/0",
            "waived": false
          }
        ],
        "summary": {
          "errors": 0,
          "warnings": 0,
          "infos": 1,
          "waived": 0
        }
      }
      "
    `);
  });
});

describe("sarif", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/sarif/sarif-2.1.0-rtm.5.json"), "utf8"));
  // The schema's `language` pattern has a stray `]` that only a non-unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const sarif = (findings: readonly Finding[], ctx = context): Sarif.Log => JSON.parse(formatFindings("sarif", findings, ctx));

  it("validates against the SARIF 2.1.0 schema, with the fixture rules and with every registered rule", () => {
    for (const log of [sarif(FINDINGS), sarif([]), sarif(FINDINGS, { ...context, rules: RULES })]) {
      expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    }
    expectTypeOf<SarifLog>().toExtend<Sarif.Log>();
  });

  it("describes every rule with its PascalCase name, doc link and prod severity", () => {
    const driver = sarif([]).runs[0].tool.driver;
    expect(driver.name).toBe("scopegate");
    expect(driver.version).toBe("0.1.0");
    expect(driver.rules?.map((r) => [r.id, r.name, r.defaultConfiguration?.level])).toEqual([
      ["grant-shape", "GrantShape", "error"],
      ["least-privilege", "LeastPrivilege", "warning"],
      ["redirect-uris", "RedirectUris", "error"],
      ["unique-names", "UniqueNames", "error"],
      ["unused-waiver", "UnusedWaiver", "note"],
    ]);
    expect(driver.rules?.[2].helpUri).toBe("https://example.com/scopegate/docs/rules/redirect-uris.md");
    expect(sarif(FINDINGS, { ...context, rules: RULES }).runs[0].tool.driver.rules).toHaveLength(RULES.length);
  });

  it("says in each rule's properties whether its prod findings can be waived: true, false, or partly with the messages that cannot", () => {
    const properties = new Map((sarif([], { ...context, rules: RULES }).runs[0].tool.driver.rules ?? []).map((r) => [r.id, r.properties]));
    expect(properties.get("division-wildcard")).toEqual({ waivableInProd: true });
    expect(properties.get("secret-exposure")).toEqual({ waivableInProd: false });
    expect(properties.get("unused-waiver")).toEqual({ waivableInProd: false });
    expect(properties.get("env-isolation")).toEqual({ waivableInProd: "partly", unwaivableInProdMessages: ["sharedCredentials", "sharedState"] });
  });

  it("points results at their rule and location, and marks waived findings as accepted suppressions", () => {
    const results = sarif(FINDINGS).runs[0].results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.suppressions?.length ?? 0])).toEqual([
      ["grant-shape", 0, "error", 0],
      ["least-privilege", 1, "warning", 0],
      ["redirect-uris", 2, "warning", 1],
      ["unused-waiver", 4, "note", 0],
    ]);
    expect(results[2]).toMatchInlineSnapshot(`
      {
        "level": "warning",
        "locations": [
          {
            "physicalLocation": {
              "artifactLocation": {
                "uri": "scopegate.yaml",
              },
              "region": {
                "startColumn": 7,
                "startLine": 30,
              },
            },
          },
        ],
        "message": {
          "text": "OAuth client 'legacy' redirects to 'http://localhost:3000'.",
        },
        "partialFingerprints": {
          "scopegateFinding/v1": "01f61d7f99e8e5c7cea253b71eb6250d7d9bdc7a5d5831924200c0e842f085de",
        },
        "properties": {
          "environment": "dev",
          "target": "oauth-client/legacy",
          "tenant": "acme",
        },
        "ruleId": "redirect-uris",
        "ruleIndex": 2,
        "suppressions": [
          {
            "justification": "Legacy | callback, until <migration>.",
            "kind": "external",
            "properties": {
              "expires": "2026-12-31",
              "owner": "@acme/platform",
              "waiver": "policy.waivers[0]",
            },
            "status": "accepted",
          },
        ],
      }
    `);
  });

  it("keeps fingerprints when a finding moves, and tells apart findings about different things", () => {
    const fingerprintOf = (f: Finding) => sarif([f]).runs[0].results?.[0].partialFingerprints;
    expect(fingerprintOf({ ...ERROR, line: 99, column: 1 })).toEqual(fingerprintOf(ERROR));
    expect(fingerprintOf({ ...ERROR, data: { client: "other" } })).not.toEqual(fingerprintOf(ERROR));
    expect(fingerprintOf({ ...ERROR, environment: "dev" })).not.toEqual(fingerprintOf(ERROR));
    expect(fingerprintOf({ ...ERROR, data: { b: 1, a: 2 } })).toEqual(fingerprintOf({ ...ERROR, data: { a: 2, b: 1 } }));
  });

  it("writes files as URI references with forward slashes", () => {
    const uriOf = (file: string) => sarif([{ ...ERROR, file }]).runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri;
    expect(uriOf("config\\my tenants\\a#b.yaml")).toBe("config/my%20tenants/a%23b.yaml");
    expect(uriOf("/srv/scopegate.yaml")).toBe("file:///srv/scopegate.yaml");
    expect(uriOf("C:\\work\\scopegate.yaml")).toBe("file:///C:/work/scopegate.yaml");
    expect(validate(sarif([{ ...ERROR, file: "config\\my tenants\\a#b.yaml" }]))).toBe(true);
    expect(uriOf("what?/a:b.yaml")).toBe("what%3F/a%3Ab.yaml");
    expect(uriOf("backup/c:/scopegate.yaml")).toBe("backup/c%3A/scopegate.yaml");
  });

  it("leaves out the rule index of a rule not listed, and the environment of a finding about a whole tenant", () => {
    const [unlisted, tenantWide] = sarif([{ ...ERROR, ruleId: "not-listed" }, INFO]).runs[0].results ?? [];
    expect(Object.keys(unlisted)).not.toContain("ruleIndex");
    expect(tenantWide.properties).toStrictEqual({ tenant: "acme", target: "waiver/0" });
  });

  it("gives a region only for a finding with a line, and a start column only with a column too", () => {
    const regionOf = (line: number, column: number) => sarif([{ ...ERROR, line, column }]).runs[0].results?.[0].locations?.[0].physicalLocation?.region;
    expect([regionOf(0, 0), regionOf(1, 1), regionOf(5, 0)]).toEqual([undefined, { startLine: 1, startColumn: 1 }, { startLine: 5 }]);
  });

  it("lists what the rules could not check as notifications of a successful run, linked to the rule where it is listed", () => {
    const log = sarif([], { ...SCAN, skipped: [...SKIPPED, { ruleId: "not-listed", reason: "Not checked.", count: 1, file: "a b.tf", line: 1, column: 2 }] });
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    expect(log.runs[0].invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: "note",
            message: { text: "OAuth clients whose grant type is not a literal were not checked." },
            associatedRule: { id: "grant-shape", index: 0 },
            locations: [{ physicalLocation: { artifactLocation: { uri: "main.tf" }, region: { startLine: 3, startColumn: 1 } } }],
          },
          {
            level: "note",
            message: { text: "OAuth clients without capabilities were not checked. (3 times)" },
            associatedRule: { id: "least-privilege", index: 1 },
            locations: [{ physicalLocation: { artifactLocation: { uri: "envs/prod/clients.tf" }, region: { startLine: 12, startColumn: 5 } } }],
          },
          {
            level: "note",
            message: { text: "Not checked." },
            associatedRule: { id: "not-listed" },
            locations: [{ physicalLocation: { artifactLocation: { uri: "a%20b.tf" }, region: { startLine: 1, startColumn: 2 } } }],
          },
        ],
      },
    ]);
    expect(sarif([]).runs[0].invocations).toBeUndefined();
  });
});

describe("junit", () => {
  /** Parses strictly; xmldom accepts a bare `&` and control characters, so those are checked apart. */
  const parse = (xml: string) => {
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    return new DOMParser({ onError: (level, message) => expect.fail(`${level}: ${message}`) }).parseFromString(xml, "text/xml");
  };

  it("has one testsuite per rule, fails testcases with unwaived errors and skips waived ones", () => {
    expect(formatFindings("junit", FINDINGS, context)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="scopegate" tests="5" failures="1" errors="0" skipped="1">
        <testsuite name="grant-shape" tests="1" failures="1" errors="0" skipped="0">
          <testcase name="acme/prod oauth-client/a&lt;b&gt;&amp;c" classname="grant-shape">
            <failure type="error" message="OAuth client 'a&lt;b&gt;&amp;c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.">scopegate.yaml:12:7  error  OAuth client 'a&lt;b&gt;&amp;c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.</failure>
          </testcase>
        </testsuite>
        <testsuite name="least-privilege" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="acme/prod oauth-client/bot" classname="least-privilege">
            <system-out>scopegate.yaml:20:9  warning  OAuth client 'bot|x' requests 'routing:queue:view, users:read' at 100%;
      expected fewer.</system-out>
          </testcase>
        </testsuite>
        <testsuite name="redirect-uris" tests="1" failures="0" errors="0" skipped="1">
          <testcase name="acme/dev oauth-client/legacy" classname="redirect-uris">
            <skipped message="waived: @acme/platform, until 2026-12-31"/>
            <system-out>scopegate.yaml:30:7  warning  OAuth client 'legacy' redirects to 'http://localhost:3000'. (waived: @acme/platform, until 2026-12-31)</system-out>
          </testcase>
        </testsuite>
        <testsuite name="unique-names" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="scopegate.yaml" classname="unique-names"/>
        </testsuite>
        <testsuite name="unused-waiver" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="acme waiver/0" classname="unused-waiver">
            <system-out>scopegate.yaml:40:5  info  Waiver 0 for tenant 'acme' matched no finding.</system-out>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it("is well-formed XML whose counts match its testcases and whose text survives escaping", () => {
    const odd = { ...ERROR, target: `oauth-client/"q"`, message: `Quote " and apostrophe ' and ]]> and \u0001.\r\n\tNext.` };
    const doc = parse(formatFindings("junit", [...FINDINGS, odd, { ...ERROR, line: 13 }], context));
    const root = doc.documentElement!;
    const count = (el: { getElementsByTagName(name: string): { length: number } }, tag: string) => el.getElementsByTagName(tag).length;
    const suites = Array.from(root.getElementsByTagName("testsuite"));
    expect(suites.map((s) => s.getAttribute("name"))).toEqual(context.rules.map((r) => r.id));
    for (const el of [root, ...suites]) {
      expect(Number(el.getAttribute("tests"))).toBe(count(el, "testcase"));
      expect(Number(el.getAttribute("failures"))).toBe(count(el, "failure"));
      expect(Number(el.getAttribute("skipped"))).toBe(count(el, "skipped"));
    }
    expect(root.getAttribute("tests")).toBe("6");
    const failures = Array.from(root.getElementsByTagName("failure"));
    expect(failures.map((f) => f.getAttribute("message"))).toEqual([
      "Quote \" and apostrophe ' and ]]> and \\u0001.\r\n\tNext.",
      "2 errors; first: OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.",
    ]);
    expect(Array.from(root.getElementsByTagName("testcase")).map((t) => t.getAttribute("name"))).toContain(`acme/prod oauth-client/"q"`);
    const warning = Array.from(root.getElementsByTagName("testcase")).find((t) => t.getAttribute("classname") === "least-privilege");
    expect(warning?.getElementsByTagName("system-out")[0].textContent).toContain("at 100%;\nexpected fewer.");
  });

  it("orders testcases by tenant, environment (the tenant's own first) and target, and lists every finding of a testcase", () => {
    const at = (tenant: string, environment: string | undefined, target: string, line: number): Finding =>
      finding({ ruleId: "least-privilege", severity: "warning", message: `At ${line}.`, line, tenant, environment, target });
    const findings = [at("beta", "dev", "oauth-client/a", 1), at("acme", "prod", "oauth-client/b", 2), at("acme", "prod", "oauth-client/a", 3), at("acme", "dev", "oauth-client/z", 4), at("acme", undefined, "oauth-client/z", 5), at("acme", "prod", "oauth-client/b", 6)];
    const names = (xml: string) => [...xml.matchAll(/<testcase name="([^"]*)" classname="least-privilege"/g)].map((m) => m[1]);
    const output = formatFindings("junit", findings, context);
    expect(names(output)).toEqual(["acme oauth-client/z", "acme/dev oauth-client/z", "acme/prod oauth-client/a", "acme/prod oauth-client/b", "beta/dev oauth-client/a"]);
    expect(output).toContain("<system-out>scopegate.yaml:2:7  warning  At 2.\nscopegate.yaml:6:7  warning  At 6.</system-out>");
  });

  it("skips a testcase whose findings are all waived, naming every waiver", () => {
    const output = formatFindings("junit", [WAIVED, { ...WAIVED, line: 31, waiver: undefined }], context);
    expect(output).toContain(`<skipped message="waived: @acme/platform, until 2026-12-31; waived"/>`);
  });

  it("adds a skipped testcase under its rule for each note of what the rule could not check", () => {
    expect(formatFindings("junit", [ERROR], SCAN)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="scopegate" tests="7" failures="1" errors="0" skipped="2">
        <testsuite name="grant-shape" tests="2" failures="1" errors="0" skipped="1">
          <testcase name="acme/prod oauth-client/a&lt;b&gt;&amp;c" classname="grant-shape">
            <failure type="error" message="OAuth client 'a&lt;b&gt;&amp;c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.">scopegate.yaml:12:7  error  OAuth client 'a&lt;b&gt;&amp;c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.</failure>
          </testcase>
          <testcase name="not checked: main.tf:3" classname="grant-shape">
            <skipped message="OAuth clients whose grant type is not a literal were not checked."/>
          </testcase>
        </testsuite>
        <testsuite name="least-privilege" tests="2" failures="0" errors="0" skipped="1">
          <testcase name="envs" classname="least-privilege"/>
          <testcase name="not checked: envs/prod/clients.tf:12" classname="least-privilege">
            <skipped message="OAuth clients without capabilities were not checked. (3 times)"/>
          </testcase>
        </testsuite>
        <testsuite name="redirect-uris" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="envs" classname="redirect-uris"/>
        </testsuite>
        <testsuite name="unique-names" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="envs" classname="unique-names"/>
        </testsuite>
        <testsuite name="unused-waiver" tests="1" failures="0" errors="0" skipped="0">
          <testcase name="envs" classname="unused-waiver"/>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it("writes lone surrogates, which XML cannot hold, as escapes and keeps surrogate pairs", () => {
    const output = formatFindings("junit", [{ ...ERROR, message: "pair \ud83d\ude00, lone high \ud83dx, lone low x\ude00, low first \ude00\ud83d." }], context);
    expect(output).toContain("pair \ud83d\ude00, lone high \\ud83dx, lone low x\\ude00, low first \\ude00\\ud83d.</failure>");
  });
});

describe("github", () => {
  it("annotates each unwaived finding, escaping data and properties, and ends with the summary", () => {
    expect(formatFindings("github", FINDINGS, context)).toMatchInlineSnapshot(`
      "::error file=scopegate.yaml,line=12,col=7,title=grant-shape::OAuth client 'a<b>&c' uses grant 'CLIENT-CREDENTIALS' but declares no roles.
      ::warning file=scopegate.yaml,line=20,col=9,title=least-privilege::OAuth client 'bot|x' requests 'routing:queue:view, users:read' at 100%25;%0Aexpected fewer.
      ::notice file=scopegate.yaml,line=40,col=5,title=unused-waiver::Waiver 0 for tenant 'acme' matched no finding.
      scopegate: 1 error, 1 warning, 1 info, 1 waived in scopegate.yaml
      "
    `);
  });

  it("escapes ':' and ',' in properties, and '%' and line breaks everywhere", () => {
    const output = formatFindings("github", [{ ...WARNING, file: "c:dir,a%b.yaml" }], context);
    expect(output.split("\n")[0]).toBe(
      "::warning file=c%3Adir%2Ca%25b.yaml,line=20,col=9,title=least-privilege::OAuth client 'bot|x' requests 'routing:queue:view, users:read' at 100%25;%0Aexpected fewer.",
    );
  });

  it("gives a line and column only where the finding has them, and escapes a carriage return", () => {
    const at = (line: number, column: number) => formatFindings("github", [{ ...ERROR, message: "a\r\nb", line, column }], context).split("\n")[0];
    expect([at(0, 0), at(1, 1), at(5, 0)]).toEqual([
      "::error file=scopegate.yaml,title=grant-shape::a%0D%0Ab",
      "::error file=scopegate.yaml,line=1,col=1,title=grant-shape::a%0D%0Ab",
      "::error file=scopegate.yaml,line=5,title=grant-shape::a%0D%0Ab",
    ]);
  });

  it("adds a notice for each note of what the rules could not check", () => {
    expect(formatFindings("github", [], SCAN)).toMatchInlineSnapshot(`
      "::notice file=main.tf,line=3,title=grant-shape%3A not checked::OAuth clients whose grant type is not a literal were not checked.
      ::notice file=envs/prod/clients.tf,line=12,title=least-privilege%3A not checked::OAuth clients without capabilities were not checked. (3 times)
      scopegate: no findings in envs
      "
    `);
  });
});

describe("markdown", () => {
  it("summarizes counts, tabulates unwaived findings and collapses waived ones", () => {
    expect(formatFindings("markdown", FINDINGS, context)).toMatchInlineSnapshot(`
      "<!-- scopegate -->
      ### scopegate

      1 error, 1 warning, 1 info, 1 waived in scopegate.yaml.

      | Severity | Rule | Location | Org | Message |
      | --- | --- | --- | --- | --- |
      | error | [grant-shape](https://example.com/scopegate/docs/rules/grant-shape.md) | \`scopegate.yaml:12\` | acme/prod | OAuth client 'a&lt;b&gt;&amp;c' uses grant 'CLIENT-CREDENTIALS' but declares no roles. |
      | warning | [least-privilege](https://example.com/scopegate/docs/rules/least-privilege.md) | \`scopegate.yaml:20\` | acme/prod | OAuth client 'bot\\|x' requests 'routing:queue:view, users:read' at 100%;<br>expected fewer. |
      | info | [unused-waiver](https://example.com/scopegate/docs/rules/unused-waiver.md) | \`scopegate.yaml:40\` | acme | Waiver 0 for tenant 'acme' matched no finding. |

      <details>
      <summary>1 waived finding</summary>

      | Severity | Rule | Location | Org | Message | Owner | Expires | Reason |
      | --- | --- | --- | --- | --- | --- | --- | --- |
      | warning | [redirect-uris](https://example.com/scopegate/docs/rules/redirect-uris.md) | \`scopegate.yaml:30\` | acme/dev | OAuth client 'legacy' redirects to 'http://localhost:3000'. | \`@acme/platform\` | 2026-12-31 | Legacy \\| callback, until &lt;migration&gt;. |

      </details>
      "
    `);
  });

  it("escapes pipes and line breaks so every row keeps its columns", () => {
    const rows = formatFindings("markdown", FINDINGS, context)
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| Severity") && !line.startsWith("| ---"));
    expect(rows.map((row) => row.match(/(?<!\\)\|/g)?.length)).toEqual([6, 6, 6, 9]);
    expect(rows.join("\n")).not.toMatch(/<(?!br>)/);
  });

  it("caps each table at 50 rows", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...ERROR, line: i + 1 }));
    const output = formatFindings("markdown", many, context);
    expect(output.split("\n").filter((line) => line.startsWith("| error "))).toHaveLength(50);
    expect(output).toContain("... and 10 more.");
    expect(output).toMatch(/\|\n\n\.\.\. and 10 more\.\n$/);
  });

  it("says so when there are no findings", () => {
    expect(formatFindings("markdown", [], context)).toBe("<!-- scopegate -->\n### scopegate\n\nNo findings in scopegate.yaml.\n");
  });

  it("shows no waived section without waived findings", () => {
    expect(formatFindings("markdown", [INFO], context)).toMatchInlineSnapshot(`
      "<!-- scopegate -->
      ### scopegate

      0 errors, 0 warnings, 1 info, 0 waived in scopegate.yaml.

      | Severity | Rule | Location | Org | Message |
      | --- | --- | --- | --- | --- |
      | info | [unused-waiver](https://example.com/scopegate/docs/rules/unused-waiver.md) | \`scopegate.yaml:40\` | acme | Waiver 0 for tenant 'acme' matched no finding. |
      "
    `);
  });

  it("says so when every finding is waived, and leaves the owner, expiry and reason empty for a waiver not attached", () => {
    expect(formatFindings("markdown", [{ ...WAIVED, waiver: undefined }], context)).toMatchInlineSnapshot(`
      "<!-- scopegate -->
      ### scopegate

      0 errors, 0 warnings, 0 infos, 1 waived in scopegate.yaml.

      No unwaived findings.

      <details>
      <summary>1 waived finding</summary>

      | Severity | Rule | Location | Org | Message | Owner | Expires | Reason |
      | --- | --- | --- | --- | --- | --- | --- | --- |
      | warning | [redirect-uris](https://example.com/scopegate/docs/rules/redirect-uris.md) | \`scopegate.yaml:30\` | acme/dev | OAuth client 'legacy' redirects to 'http://localhost:3000'. |  |  |  |

      </details>
      "
    `);
  });

  it("lists what the rules could not check in a collapsed section, even without findings", () => {
    expect(formatFindings("markdown", [], SCAN)).toMatchInlineSnapshot(`
      "<!-- scopegate -->
      ### scopegate

      0 errors, 0 warnings, 0 infos, 0 waived in envs.

      No unwaived findings.

      <details>
      <summary>Not checked (2 notes)</summary>

      | Rule | Location | Reason |
      | --- | --- | --- |
      | [grant-shape](https://example.com/scopegate/docs/rules/grant-shape.md) | \`main.tf:3\` | OAuth clients whose grant type is not a literal were not checked. |
      | [least-privilege](https://example.com/scopegate/docs/rules/least-privilege.md) | \`envs/prod/clients.tf:12\` | OAuth clients without capabilities were not checked. (3 times) |

      </details>
      "
    `);
  });

  it("writes values that cannot be code spans as cell text, and other control characters as escapes", () => {
    const waiver = { owner: "a`b", expires: "2026-12-31", reason: "tab\there, escape \u001b[31m.", index: 0 };
    const row = (f: Finding) => formatFindings("markdown", [f], context).split("\n").find((line) => line.startsWith("| warning"));
    expect(row({ ...WAIVED, file: "a|b.yaml", waiver })).toBe(
      "| warning | [redirect-uris](https://example.com/scopegate/docs/rules/redirect-uris.md) | `a\\|b.yaml:30` | acme/dev | OAuth client 'legacy' redirects to 'http://localhost:3000'. | a\\`b | 2026-12-31 | tab\\there, escape \\u001b\\[31m. |",
    );
    expect(row({ ...WAIVED, waiver: { ...waiver, owner: "line\nbreak" } })).toContain("| line<br>break |");
  });

  it("encodes spaces, parentheses and angle brackets in rule links", () => {
    const output = formatFindings("markdown", [ERROR], { ...context, docsUri: (id) => `https://example.com/a b/(${id})/<x>.md` });
    expect(output).toContain("[grant-shape](https://example.com/a%20b/%28grant-shape%29/%3Cx%3E.md)");
  });

  it("shows exactly 50 rows without a count of more", () => {
    const output = formatFindings("markdown", Array.from({ length: 50 }, (_, i) => ({ ...ERROR, line: i + 1 })), context);
    expect(output.split("\n").filter((line) => line.startsWith("| error "))).toHaveLength(50);
    expect(output).not.toContain("more.");
  });
});
