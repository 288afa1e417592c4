import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Annotations, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { DeclaredRoleModel, Located, OrgEnvironment, ScopegateModel, Severity, SourceLocation, TierPolicyModel, WaiverModel } from "../model/model";
import { evaluateWithSkips } from "../policies/engine";
import type { Finding } from "../policies/finding";
import { type Format, formatFindings, isFormat } from "../formatters";
import { RULES } from "../policies/registry";
import { clientTarget } from "../policies/rule";
import { packageRoot, packageVersion } from "../cli/version";
import { GenesysOrgStack } from "./genesys-org-stack";

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
  /** Longest access-token lifetime allowed. @default - 86400 in prod, 604800 in nonprod */
  readonly maxTokenValiditySeconds?: number;
}

export interface ScopegatePolicyProps {
  /** @default - none */
  readonly waivers?: readonly ScopegateWaiver[];
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

  constructor(private readonly props: ScopegatePolicyProps = {}) {}

  public visit(node: IConstruct): void {
    const root = node.node.root;
    if (this.evaluatedRoot === root) return;
    this.evaluatedRoot = root;
    const stacks = root.node.findAll().filter(GenesysOrgStack.isGenesysOrgStack);
    if (stacks.length === 0) return;
    const model = modelOfStacks(stacks, this.props);
    const today = this.props.today ?? new Date().toISOString().slice(0, 10);
    const { findings, skipped } = evaluateWithSkips(model, { today });
    this.findings = findings;
    this.report(findings, skipped);
    for (const finding of findings) {
      if (finding.waived) continue;
      const construct = constructOf(finding, stacks);
      const text = `[scopegate ${finding.ruleId}] ${finding.message} (${finding.file}:${finding.line})`;
      if (finding.severity === "error") construct.node.addValidation({ validate: () => [text] });
      else if (finding.severity === "warning") Annotations.of(construct).addWarning(text);
      else Annotations.of(construct).addInfo(text);
    }
  }

  private report(findings: readonly Finding[], skipped: ReturnType<typeof evaluateWithSkips>["skipped"]): void {
    const requested = this.props.format ?? process.env.SCOPEGATE_FORMAT ?? "text";
    const format: Format = isFormat(requested) ? requested : "text";
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

/** The construct a finding is about: the client it names, else the stack of its org. */
function constructOf(finding: Finding, stacks: readonly GenesysOrgStack[]): IConstruct {
  const stack = stacks.find((candidate) => candidate.tenant === finding.tenant && (finding.environment === undefined || candidate.environment === finding.environment)) ?? stacks[0];
  const client = stack.oauthClients.find((candidate) => clientTarget(candidate.node.id) === finding.target);
  return client ?? stack;
}

/** The app's org stacks as scopegate's model: what `scopegate check` reads from a `scopegate.yaml`. */
export function modelOfStacks(stacks: readonly GenesysOrgStack[], props: ScopegatePolicyProps = {}): ScopegateModel {
  const roles = new Map<string, DeclaredRoleModel>();
  for (const stack of stacks) for (const role of stack.customRoles) if (!roles.has(role.model.role)) roles.set(role.model.role, role.model);
  const tenants = [...new Set(stacks.map((stack) => stack.tenant))];
  return {
    source: "cdktf app",
    baseDir: process.cwd(),
    profiles: [],
    knownScopes: [],
    roles: [...roles.values()],
    policy: { tiers: { prod: tierPolicy(props.tiers?.prod), nonprod: tierPolicy(props.tiers?.nonprod) }, waivers: (props.waivers ?? []).map(waiverModel) },
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

function tierPolicy(tier: ScopegateTierPolicy | undefined): TierPolicyModel {
  const at: SourceLocation = { file: "ScopegatePolicy", line: 1, column: 1 };
  return {
    rules: new Map(Object.entries(tier?.rules ?? {}).map(([rule, severity]) => [rule, { value: severity, loc: at }])),
    maxTokenValiditySeconds: tier?.maxTokenValiditySeconds === undefined ? undefined : { value: tier.maxTokenValiditySeconds, loc: at },
  };
}

function waiverModel(waiver: ScopegateWaiver, index: number): WaiverModel {
  const at: SourceLocation = { file: "ScopegatePolicy", line: 1, column: 1 };
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

