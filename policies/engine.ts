import type { OrgEnvironment, ScopegateModel, Severity, SourceLocation, Tier } from "../model/model";
import type { Finding, SkipNote } from "./finding";
import { CONFIGURATION_TARGET, MAX_SKIP_EXAMPLES, sortFindings } from "./finding";
import { resolveProfiles } from "./profiles";
import { RULES } from "./registry";
import type { FindingScope, ReportDescriptor, Rule, RuleContext, RuleInput, WaiverUse } from "./rule";
import { clientTarget, formatMessage, groupBy, unwaivableMessagesIn } from "./rule";
import { scopeCatalogFor } from "./scope-catalog";

/** Longest token validity per tier when `policy.tiers.<tier>.maxTokenValiditySeconds` is not set. */
export const DEFAULT_MAX_TOKEN_VALIDITY: Readonly<Record<Tier, number>> = { prod: 86400, nonprod: 172800 };

export interface EvaluateOptions {
  /** Today as `YYYY-MM-DD`, for waiver expiry. */
  readonly today: string;
  /** The rules to run. @default every registered rule */
  readonly rules?: readonly Rule[];
}

/** What one run of the rules found, and what they could not check. */
export interface Evaluation {
  /** Sorted, waivers applied. */
  readonly findings: Finding[];
  /** Sorted by rule, then reason. */
  readonly skipped: SkipNote[];
}

/**
 * Runs every rule over the model and returns the findings, sorted, with waivers applied. Pure: reads nothing but its
 * arguments. A rule that throws becomes an error finding of that rule rather than a crash.
 */
export function evaluate(model: ScopegateModel, options: EvaluateOptions): Finding[] {
  return evaluateWithSkips(model, options).findings;
}

/**
 * `evaluate`, with the notes of what rules could not check. A rule whose `needs` the model lacks does not run (a plan
 * rule on configuration alone); that is no note: `scopegate rules` says which input each rule runs on.
 */
export function evaluateWithSkips(model: ScopegateModel, options: EvaluateOptions): Evaluation {
  const skips = new Map<string, { ruleId: string; reason: string; count: number; at: SourceLocation; alsoAt: SourceLocation[] }>();
  const skip = (ruleId: string, reason: string, at: SourceLocation) => {
    const key = `${ruleId}\u0000${reason}`;
    const known = skips.get(key);
    if (known === undefined) skips.set(key, { ruleId, reason, count: 1, at, alsoAt: [] });
    else {
      known.count++;
      const seen = [known.at, ...known.alsoAt].some((place) => place.file === at.file && place.line === at.line && place.column === at.column);
      if (!seen && known.alsoAt.length < MAX_SKIP_EXAMPLES - 1) known.alsoAt.push(at);
    }
  };
  // A rule whose inputs the model lacks (a plan rule on configuration alone) does not run, and that is no news: a scan
  // of HCL has no plan, and `scopegate rules` says which input each rule runs on.
  const rules = (options.rules ?? RULES).filter((rule) => (rule.needs ?? []).every((input) => hasInput(model, input)));
  const profiles = resolveProfiles(model);
  const scopes = scopeCatalogFor(model);
  const tiers = tierIndex(model);
  const maxTokenValiditySeconds = (tier: Tier) => model.policy.tiers[tier].maxTokenValiditySeconds?.value ?? DEFAULT_MAX_TOKEN_VALIDITY[tier];

  const run = (rule: Rule, waiverUses: readonly WaiverUse[]): Finding[] => {
    const found: Finding[] = [];
    const context: RuleContext<string> = {
      model,
      profiles,
      scopes,
      today: options.today,
      maxTokenValiditySeconds,
      waiverUses,
      skip: (reason, at) => skip(rule.id, reason, at),
      report: (descriptor) => {
        const finding = findingOf(rule, descriptor, tiers(descriptor.scope), model);
        if (finding !== undefined) found.push(finding);
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      return [ruleFailure(rule, error, model)];
    }
    return found;
  };

  const modelFindings = rules.filter((rule) => rule.phase !== "waivers").flatMap((rule) => run(rule, []));
  const { findings, uses } = applyWaivers(modelFindings, model, rules, tiers, options.today);
  const waiverFindings = rules.filter((rule) => rule.phase === "waivers").flatMap((rule) => run(rule, uses));
  // Each key is `ruleId\u0000reason`: sorted as strings (by code unit), the keys order the notes by rule, then reason.
  const skipped = [...skips.keys()]
    .sort()
    .map((key) => skips.get(key)!)
    .map(({ ruleId, reason, count, at, alsoAt }) => ({
      ruleId,
      reason,
      count,
      file: at.file,
      line: at.line,
      column: at.column,
      ...(alsoAt.length > 0 ? { alsoAt: alsoAt.map(({ file, line, column }) => ({ file, line, column })) } : {}),
    }));
  return { findings: sortFindings([...findings, ...waiverFindings]), skipped };
}

function hasInput(model: ScopegateModel, input: RuleInput): boolean {
  const terraform = model.terraform;
  if (terraform === undefined) return false;
  return input === "plan" ? terraform.plans.length > 0 : terraform.modules.length > 0 || terraform.plans.length > 0;
}

/** The tier a finding counts in: its org's, or for a whole tenant the strictest of the tenant's orgs. */
type TierOf = (scope: FindingScope) => Tier;

function tierIndex(model: ScopegateModel): TierOf {
  const byStack = new Map<string, OrgEnvironment>(model.environments.map((org) => [`${org.tenant}\u0000${org.environment}`, org]));
  const prodTenants = new Set(model.environments.filter((org) => org.tier.value === "prod").map((org) => org.tenant));
  return (scope) => {
    const org = scope.environment === undefined ? undefined : byStack.get(`${scope.tenant}\u0000${scope.environment}`);
    return org?.tier.value ?? (prodTenants.has(scope.tenant) ? "prod" : "nonprod");
  };
}

/** The rule's severity in a tier after policy, or `off`. */
function severityIn(rule: Rule, tier: Tier, model: ScopegateModel): Severity | "off" {
  return model.policy.tiers[tier].rules.get(rule.id)?.value ?? rule.severity[tier];
}

function findingOf(rule: Rule, descriptor: ReportDescriptor<string>, tier: Tier, model: ScopegateModel): Finding | undefined {
  const configured = severityIn(rule, tier, model);
  if (configured === "off") return undefined;
  const severity = rule.infoMessages?.includes(descriptor.messageId)
    ? "info"
    : rule.warningMessages?.includes(descriptor.messageId) && configured === "error"
      ? "warning"
      : configured;
  const template = rule.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule '${rule.id}' reported unknown message id '${descriptor.messageId}'`);
  const data = descriptor.data ?? {};
  return {
    ruleId: rule.id,
    severity,
    message: formatMessage(template, data),
    messageId: descriptor.messageId,
    data,
    file: descriptor.at.file,
    line: descriptor.at.line,
    column: descriptor.at.column,
    tenant: descriptor.scope.tenant,
    environment: descriptor.scope.environment,
    target: descriptor.target,
    waived: false,
  };
}

function ruleFailure(rule: Rule, error: unknown, model: ScopegateModel): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.id,
    severity: "error",
    message: `Rule '${rule.id}' could not check this configuration (${reason}); this is a bug in scopegate, please report it.`,
    messageId: "ruleFailed",
    data: { reason },
    file: model.source,
    line: 1,
    column: 1,
    tenant: model.tenants[0] ?? "",
    environment: undefined,
    target: CONFIGURATION_TARGET,
    waived: false,
  };
}

/**
 * Marks findings accepted by an active waiver; records, per waiver, what it accepted and what it refused: findings in
 * a prod-tier org of a rule not waivable in prod, or of one of the rule's `unwaivableInProd` messages.
 */
function applyWaivers(
  findings: readonly Finding[],
  model: ScopegateModel,
  rules: readonly Rule[],
  tierOf: TierOf,
  today: string,
): { findings: Finding[]; uses: WaiverUse[] } {
  const unwaivable = (tier: Tier) => new Map(rules.map((rule) => [rule.id, new Set(unwaivableMessagesIn(rule, tier))]));
  const unwaivableIn = { prod: unwaivable("prod"), nonprod: unwaivable("nonprod") };
  const uses = model.policy.waivers.map((waiver) => ({ waiver, expired: waiver.expires.value < today, waived: [] as Finding[], refused: [] as Finding[] }));
  // Waivers by rule and tenant, so matching costs the same whatever the number of tenants.
  const candidates = groupBy(uses, (use) => [`${use.waiver.rule.value}\u0000${use.waiver.tenant.value}`]);
  const result = findings.map((finding) => {
    if (finding.target === CONFIGURATION_TARGET) return finding;
    let accepted: Finding | undefined;
    for (const use of candidates.get(`${finding.ruleId}\u0000${finding.tenant}`) ?? []) {
      const { waiver } = use;
      const matches =
        (waiver.environment === undefined || waiver.environment.value === finding.environment) &&
        (waiver.client === undefined || finding.target === clientTarget(waiver.client.value));
      if (!matches || use.expired) continue;
      // Every finding here is of one of `rules`, so its rule is in the map.
      const refusable = unwaivableIn[tierOf(finding)].get(finding.ruleId)!.has(finding.messageId);
      if (refusable) {
        use.refused.push(finding);
        continue;
      }
      accepted ??= {
        ...finding,
        waived: true,
        waiver: { owner: waiver.owner.value, reason: waiver.reason.value, expires: waiver.expires.value, index: waiver.index },
      };
      use.waived.push(finding);
    }
    return accepted ?? finding;
  });
  return { findings: result, uses };
}
