import { createHash } from "node:crypto";
import type { Finding, Severity } from "../policies/finding";
import type { ProdWaivabilityProperties, Rule } from "../policies/rule";
import { prodWaivabilityProperties } from "../policies/rule";
import { skipText } from "./common";
import type { ReportContext } from "./context";

/** The part of SARIF 2.1.0 scopegate writes; the tests check it against `sarif.Log` from `@types/sarif`. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: ProdWaivabilityProperties;
}

type SarifLevel = "error" | "warning" | "note";

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: {
    kind: "external";
    status: "accepted";
    justification?: string;
    properties?: { owner: string; expires: string; waiver: string };
  }[];
  properties: { tenant: string; environment?: string; target: string };
}

export const SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** Key of the fingerprint in `partialFingerprints`; bump the version if what it hashes changes. */
const FINGERPRINT_KEY = "scopegateFinding/v1";

const LEVELS: Readonly<Record<Severity, SarifLevel>> = { error: "error", warning: "warning", info: "note" };

/**
 * A SARIF 2.1.0 log with one run: every rule of the context as a reporting descriptor (default level: its prod
 * severity), one result per finding, waived ones as results with an accepted external suppression. Fingerprints
 * hash what the finding is about, not where it is, so they survive edits that move lines.
 */
export function formatSarif(findings: readonly Finding[], context: ReportContext): string {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const log: SarifLog = {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "scopegate", version: context.toolVersion, rules: context.rules.map((rule) => descriptor(rule, context)) } },
        results: findings.map((finding) => result(finding, ruleIndex.get(finding.ruleId))),
        ...(context.skipped === undefined
          ? {}
          : {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: context.skipped.map((note) => ({
                    level: "note" as const,
                    message: { text: skipText(note) },
                    associatedRule: { id: note.ruleId, ...(ruleIndex.has(note.ruleId) ? { index: ruleIndex.get(note.ruleId) } : {}) },
                    locations: [note, ...(note.alsoAt ?? [])].map((place) => ({
                      physicalLocation: { artifactLocation: { uri: artifactUri(place.file) }, region: { startLine: place.line, startColumn: place.column } },
                    })),
                  })),
                },
              ],
            }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: Rule, context: ReportContext): SarifRule {
  return {
    id: rule.id,
    name: rule.id.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(""),
    shortDescription: { text: rule.description },
    helpUri: context.docsUri(rule.id),
    defaultConfiguration: { level: LEVELS[rule.severity.prod] },
    properties: prodWaivabilityProperties(rule),
  };
}

/** A finding as a SARIF result; an undefined `ruleIndex` or environment is left out of the JSON. */
function result(finding: Finding, ruleIndex: number | undefined): SarifResult {
  const region = finding.line >= 1 ? { startLine: finding.line, ...(finding.column >= 1 ? { startColumn: finding.column } : {}) } : undefined;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(finding.file) }, ...(region ? { region } : {}) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding) },
    ...(finding.waived
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              ...(finding.waiver
                ? {
                    justification: finding.waiver.reason,
                    properties: { owner: finding.waiver.owner, expires: finding.waiver.expires, waiver: `policy.waivers[${finding.waiver.index}]` },
                  }
                : {}),
            },
          ],
        }
      : {}),
    properties: {
      tenant: finding.tenant,
      environment: finding.environment,
      target: finding.target,
    },
  };
}

/**
 * The file as a URI reference: relative paths stay relative (forward slashes, each segment percent-encoded, so
 * `my configs/a.yaml` and `a#b.yaml` stay valid), absolute paths become `file:` URIs.
 */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, "/");
  const encode = (path: string) =>
    path
      .split("/")
      .map((segment) => encodeURI(segment).replace(/[?#:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
      .join("/");
  const drive = /^([A-Za-z]):\//.exec(slashed);
  if (drive) return `file:///${drive[1]}:/${encode(slashed.slice(3))}`;
  if (slashed.startsWith("/")) return `file://${encode(slashed)}`;
  return encode(slashed);
}

/** SHA-256 of rule, org, target, message id and data (keys sorted): what the finding is about, not where. */
function fingerprint(finding: Finding): string {
  const data = Object.keys(finding.data)
    .sort()
    .map((key) => [key, finding.data[key]]);
  const identity = JSON.stringify([finding.ruleId, finding.tenant, finding.environment ?? null, finding.target, finding.messageId, data]);
  return createHash("sha256").update(identity).digest("hex");
}
