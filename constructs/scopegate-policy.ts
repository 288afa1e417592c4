import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Located, OrgEnvironment, ScopegateModel, Severity, SourceLocation, TierPolicyModel, WaiverModel } from "../model/model";
import { oneRolePerName } from "../model/roles";
import { evaluateWithSkips } from "../policies/engine";
import type { Finding } from "../policies/finding";
import { type Format, FORMATS, formatFindings, isFormat } from "../formatters";
import { BUILTIN_PROFILES } from "../policies/profiles";
import { RULES } from "../policies/registry";
import { clientTarget } from "../policies/rule";
import { packageRoot, packageVersion } from "../cli/version";
import { tierRuleProblem, waiverProblems } from "../config/semantics";
import { didYouMean, quoteList } from "../config/suggest";
import { codeWording } from "./code-wording";
import { type CreationSite, creationSite, siteOf } from "./creation-site";
import { GenesysOrgStack, noteWholeAppAspect, synthPassOf } from "./genesys-org-stack";

/** A finding accepted for a while, as under `policy.waivers` in `scopegate.yaml`. */
export interface ScopegateWaiver {
  /** The rule id, such as `least-privilege`. */
  readonly rule: string;
  readonly tenant: string;
  /** @default - every environment of the tenant */
  readonly environment?: string;
  /** The client's construct id. @default - every client */
  readonly client?: string;
  /** Why the finding is accepted. */
  readonly reason: string;
  /** Who answers for it. */
  readonly owner: string;
  /** Last day the waiver applies, `YYYY-MM-DD`. */
  readonly expires: string;
}

/** Per tier, as under `policy.tiers` in `scopegate.yaml`. */
export interface ScopegateTierPolicy {
  /** Severity per rule id; `off` silences the rule in the tier. @default - each rule's own severity */
  readonly rules?: Readonly<Record<string, Severity | "off">>;
  /** Longest access-token lifetime allowed. @default - 86400 in prod, 172800 in nonprod */
  readonly maxTokenValiditySeconds?: number;
}

export interface ScopegatePolicyProps {
  /** @default - none */
  readonly waivers?: readonly ScopegateWaiver[];
  /**
   * Scopes your orgs have that scopegate's catalog does not list, as under `scopes.known` in `scopegate.yaml`.
   * @default - none: the catalog only
   */
  readonly knownScopes?: readonly string[];
  /** @default - each rule's own severities */
  readonly tiers?: { readonly prod?: ScopegateTierPolicy; readonly nonprod?: ScopegateTierPolicy };
  /**
   * The report's format: `text`, `json`, `sarif`, `junit`, `github` or `markdown`.
   * @default - the SCOPEGATE_FORMAT environment variable, else `text`
   */
  readonly format?: Format;
  /**
   * Where the report goes: a file path, or undefined for standard output.
   * @default - standard output
   */
  readonly reportFile?: string;
  /**
   * Today, `YYYY-MM-DD`, for waiver expiry.
   * @default - today in UTC
   */
  readonly today?: string;
}

/**
 * scopegate's policy gate for stacks written in code, in the manner of cdk-nag:
 * `Aspects.of(app).add(new ScopegatePolicy())`. Before synth it runs every scopegate rule over the
 * `GenesysOrgStack`s of the app (their custom roles and OAuth clients), prints the report, and puts each finding on
 * the construct that caused it: an error as a validation error, which fails `cdktf synth`, a warning as a warning.
 * Findings name the construct's path and the file and line of the code that created it.
 */
export class ScopegatePolicy implements IAspect {
  /** It reads the whole app at once: `GenesysOrgStack` applies it from the app (cdktf applies a stack's aspects only). */
  public readonly appliesToWholeApp = true;
  /** The findings of the last evaluation, for tests and tools. */
  public findings: readonly Finding[] = [];
  private evaluatedRoot: IConstruct | undefined;
  private evaluatedPass: object | undefined;
  /** The error findings of the latest evaluation, by construct; what each construct's validation gives. */
  private errors = new Map<IConstruct, string[]>();
  private readonly validated = new WeakSet<IConstruct>();
  private readonly annotated = new WeakMap<IConstruct, Set<string>>();
  private readonly site: CreationSite;

  /** Throws on props the YAML configuration would reject: unknown rules, severities no tier may set, incomplete waivers. */
  constructor(private readonly props: ScopegatePolicyProps = {}) {
    this.site = creationSite();
    noteWholeAppAspect();
    const problems = propsProblems(props);
    if (problems.length > 0) throw new Error(`ScopegatePolicy: ${problems.join("\n  ")}`);
  }

  public visit(node: IConstruct): void {
    const root = node.node.root;
    // Once per synth pass: an app synthesized again (changed since, perhaps) is evaluated again.
    const pass = synthPassOf(root);
    if (this.evaluatedRoot === root && this.evaluatedPass === pass) return;
    this.evaluatedRoot = root;
    this.evaluatedPass = pass;
    const stacks = root.node.findAll().filter(GenesysOrgStack.isGenesysOrgStack);
    if (stacks.length === 0) return;
    const problems = [...unknownCapabilities(stacks), ...waiverTargetProblems(this.props.waivers ?? [], stacks)];
    if (problems.length > 0) throw new Error(`ScopegatePolicy: ${problems.join("\n  ")}`);
    const model = modelOfStacks(stacks, this.props, siteOf(this.site) ?? POLICY_SITE);
    const today = this.props.today ?? new Date().toISOString().slice(0, 10);
    const evaluation = evaluateWithSkips(model, { today });
    const findings = evaluation.findings.map((finding) => ({ ...finding, message: codeWording(finding.message) }));
    const skipped = evaluation.skipped.map((note) => ({ ...note, reason: codeWording(note.reason) }));
    this.findings = findings;
    this.report(findings, skipped);
    // Each construct's validation gives the errors of the latest evaluation; annotations are added once each.
    const errors = new Map<IConstruct, string[]>();
    for (const finding of findings) {
      if (finding.waived) continue;
      const construct = constructOf(finding, stacks);
      const text = `[scopegate ${finding.ruleId}] ${finding.message} (${finding.file}:${finding.line})`;
      if (finding.severity === "error") {
        if (!this.validated.has(construct)) {
          this.validated.add(construct);
          construct.node.addValidation({ validate: () => this.errors.get(construct) ?? [] });
        }
        errors.set(construct, [...(errors.get(construct) ?? []), text]);
        continue;
      }
      const annotated = this.annotated.get(construct) ?? new Set<string>();
      this.annotated.set(construct, annotated);
      if (annotated.has(text)) continue;
      annotated.add(text);
      if (finding.severity === "warning") Annotations.of(construct).addWarning(text);
      else Annotations.of(construct).addInfo(text);
    }
    this.errors = errors;
  }

  private report(findings: readonly Finding[], skipped: ReturnType<typeof evaluateWithSkips>["skipped"]): void {
    const format = reportFormat(this.props.format);
    const text = formatFindings(format, findings, {
      rules: RULES,
      source: "cdktf app",
      toolVersion: packageVersion(),
      docsUri: (ruleId) => pathToFileURL(path.join(packageRoot(), "docs", "rules", `${ruleId}.md`)).href,
      skipped,
    });
    if (this.props.reportFile !== undefined) fs.writeFileSync(this.props.reportFile, text);
    else process.stdout.write(text);
  }
}

/** Where findings about the policy's own settings point when the code that created it is not known. */
const POLICY_SITE: SourceLocation = { file: "ScopegatePolicy", line: 1, column: 1 };

/** The report format: the prop, else SCOPEGATE_FORMAT, else text; a name that is no format is an error, not text. */
function reportFormat(prop: string | undefined): Format {
  const fromEnv = process.env.SCOPEGATE_FORMAT;
  const [requested, source] = prop !== undefined ? [prop, "format"] : fromEnv !== undefined && fromEnv !== "" ? [fromEnv, "SCOPEGATE_FORMAT"] : ["text", "format"];
  if (isFormat(requested)) return requested;
  throw new Error(`ScopegatePolicy: ${source} '${requested}' is not a report format; expected ${quoteList(FORMATS)}.${didYouMean(requested, FORMATS)}`);
}

const SEVERITIES: readonly string[] = ["error", "warning", "info", "off"];

/** What the YAML configuration's schema and checks would reject in the same settings under `policy:`. */
function propsProblems(props: ScopegatePolicyProps): string[] {
  const problems: string[] = [];
  if (props.format !== undefined && !isFormat(props.format)) {
    problems.push(`format '${props.format}' is not a report format; expected ${quoteList(FORMATS)}.${didYouMean(props.format, FORMATS)}`);
  }
  for (const tier of ["prod", "nonprod"] as const) {
    const settings = props.tiers?.[tier];
    for (const [rule, severity] of Object.entries(settings?.rules ?? {})) {
      const where = `tiers.${tier}.rules['${rule}']`;
      if (!SEVERITIES.includes(severity)) problems.push(`${where}: '${severity}' is not a severity; expected ${quoteList(SEVERITIES)}.`);
      else {
        const problem = tierRuleProblem(tier, rule, severity);
        if (problem !== undefined) problems.push(`${where}: ${problem.message}`);
      }
    }
    const seconds = settings?.maxTokenValiditySeconds;
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 300 && seconds <= 38_880_000)) {
      problems.push(`tiers.${tier}.maxTokenValiditySeconds: ${seconds} is not a token lifetime; expected whole seconds from 300 to 38880000.`);
    }
  }
  (props.waivers ?? []).forEach((waiver, i) => {
    for (const problem of waiverProblems(waiver)) problems.push(`waivers[${i}].${problem.field}: ${problem.message}`);
    for (const field of ["tenant", "owner"] as const) {
      if (waiver[field].trim() === "") problems.push(`waivers[${i}].${field}: is blank; expected ${field === "tenant" ? "the tenant the waiver is for" : "who answers for the waiver"}.`);
    }
  });
  return problems;
}

/** Capabilities no profile describes: the rules would skip the client, so a misspelt capability would turn its checks off. */
function unknownCapabilities(stacks: readonly GenesysOrgStack[]): string[] {
  const known = Object.keys(BUILTIN_PROFILES);
  return stacks.flatMap((stack) =>
    stack.oauthClients.flatMap((client) =>
      client.model.capabilities
        .filter((capability) => !known.includes(capability.value))
        .map((capability) => `${client.node.path}: capability '${capability.value}' has no profile; expected a built-in capability (${quoteList(known)}).${didYouMean(capability.value, known)}`),
    ),
  );
}

/** Waivers naming a tenant, environment or client the app does not have: the YAML configuration rejects them. */
function waiverTargetProblems(waivers: readonly ScopegateWaiver[], stacks: readonly GenesysOrgStack[]): string[] {
  const problems: string[] = [];
  const tenants = [...new Set(stacks.map((stack) => stack.tenant))];
  waivers.forEach((waiver, i) => {
    const orgs = stacks.filter((stack) => stack.tenant === waiver.tenant);
    if (orgs.length === 0) {
      problems.push(`waivers[${i}].tenant: names tenant '${waiver.tenant}', which no GenesysOrgStack of the app has; expected ${quoteList(tenants)}.${didYouMean(waiver.tenant, tenants)}`);
      return;
    }
    const environments = orgs.map((stack) => stack.environment);
    if (waiver.environment !== undefined && !environments.includes(waiver.environment)) {
      problems.push(`waivers[${i}].environment: names environment '${waiver.environment}', which tenant '${waiver.tenant}' does not have; expected ${quoteList(environments)}.${didYouMean(waiver.environment, environments)}`);
    }
    const clients = [...new Set(orgs.flatMap((stack) => stack.oauthClients.map((client) => client.node.id)))];
    if (waiver.client !== undefined && !clients.includes(waiver.client)) {
      problems.push(`waivers[${i}].client: names OAuth client '${waiver.client}', which tenant '${waiver.tenant}' does not have; expected ${quoteList(clients)}.${didYouMean(waiver.client, clients)}`);
    }
  });
  return problems;
}

/** The construct a finding is about: the client or custom role it names, else the stack of its org. */
function constructOf(finding: Finding, stacks: readonly GenesysOrgStack[]): IConstruct {
  const stack = stacks.find((candidate) => candidate.tenant === finding.tenant && (finding.environment === undefined || candidate.environment === finding.environment)) ?? stacks[0];
  const client = stack.oauthClients.find((candidate) => clientTarget(candidate.node.id) === finding.target);
  const role = stack.customRoles.find((candidate) => `role/${candidate.model.role}` === finding.target);
  return client ?? role ?? stack;
}

/** The app's org stacks as scopegate's model: what `scopegate check` reads from a `scopegate.yaml`. */
export function modelOfStacks(stacks: readonly GenesysOrgStack[], props: ScopegatePolicyProps = {}, policyAt: SourceLocation = POLICY_SITE): ScopegateModel {
  // A role of one name may be created in several stacks, with other permissions in each (dev ahead of prod).
  const roles = oneRolePerName(stacks.flatMap((stack) => stack.customRoles.map((role) => role.model)));
  const tenants = [...new Set(stacks.map((stack) => stack.tenant))];
  return {
    source: "cdktf app",
    baseDir: process.cwd(),
    profiles: [],
    knownScopes: (props.knownScopes ?? []).map((value) => ({ value, loc: policyAt })),
    roles,
    policy: {
      tiers: { prod: tierPolicy(props.tiers?.prod, policyAt), nonprod: tierPolicy(props.tiers?.nonprod, policyAt) },
      waivers: (props.waivers ?? []).map((waiver, index) => waiverModel(waiver, index, policyAt)),
    },
    tenants,
    environments: stacks.map(orgOf),
  };
}

function orgOf(stack: GenesysOrgStack): OrgEnvironment {
  const at = stack.declaredAt;
  const located = <T,>(value: T): Located<T> => ({ value, loc: at });
  const backend = stack.backend;
  return {
    tenant: stack.tenant,
    environment: stack.environment,
    stackName: stack.node.id,
    tier: located(stack.tier),
    region: located(stack.region),
    orgName: located(stack.orgName),
    credentials: { clientIdEnv: located(stack.credentials.clientIdEnv), clientSecretEnv: located(stack.credentials.clientSecretEnv) },
    backend: { type: "local", loc: at },
    stateLocation:
      backend === undefined
        ? { type: "local", path: path.resolve("cdktf.out", "stacks", stack.node.id, `terraform.${stack.node.id}.tfstate`) }
        : backend.type === "local"
          ? { type: "local", path: path.resolve("cdktf.out", "stacks", stack.node.id, backend.path) }
          : backend.type === "s3"
            ? { type: "s3", bucket: backend.bucket, key: backend.key, region: backend.region, dynamodbTable: backend.dynamodbTable }
            : { type: "remote", hostname: backend.hostname ?? "app.terraform.io", organization: backend.organization, workspace: backend.workspace },
    bindings: [],
    oauthClients: stack.oauthClients.map((client) => client.model),
    loc: at,
  };
}

function tierPolicy(tier: ScopegateTierPolicy | undefined, at: SourceLocation): TierPolicyModel {
  return {
    rules: new Map(Object.entries(tier?.rules ?? {}).map(([rule, severity]) => [rule, { value: severity, loc: at }])),
    maxTokenValiditySeconds: tier?.maxTokenValiditySeconds === undefined ? undefined : { value: tier.maxTokenValiditySeconds, loc: at },
  };
}

function waiverModel(waiver: ScopegateWaiver, index: number, at: SourceLocation): WaiverModel {
  const located = <T,>(value: T): Located<T> => ({ value, loc: at });
  return {
    index,
    rule: located(waiver.rule),
    tenant: located(waiver.tenant),
    environment: waiver.environment === undefined ? undefined : located(waiver.environment),
    client: waiver.client === undefined ? undefined : located(waiver.client),
    reason: located(waiver.reason),
    owner: located(waiver.owner),
    expires: located(waiver.expires),
    loc: at,
  };
}

