import type { OrgEnvironment, ScopegateModel, Severity, SourceLocation, Tier, WaiverModel } from "../model/model";
import { environmentNameOf } from "../model/terraform";
import type { Finding } from "./finding";
import type { ProfileCatalog } from "./profiles";
import type { ScopeCatalog } from "./scope-catalog";

/** Which org a finding is about: a tenant in one environment, or a whole tenant. */
export interface FindingScope {
  readonly tenant: string;
  readonly environment?: string;
}

/** What a rule passes to `report`. */
export interface ReportDescriptor<MessageId extends string> {
  readonly messageId: MessageId;
  /** Values for the message's `{{placeholders}}`. */
  readonly data?: Readonly<Record<string, string | number>>;
  /** The line the finding points at: the value that causes it. */
  readonly at: SourceLocation;
  readonly scope: FindingScope;
  /** What the finding is about: `oauth-client/<key>`, `org`, `binding/<name>`, `waiver/<index>` ... */
  readonly target: string;
}

/** How a waiver was used once the model rules ran. */
export interface WaiverUse {
  readonly waiver: WaiverModel;
  /** Whether the waiver's expiry date is before today (an expired waiver waives nothing). */
  readonly expired: boolean;
  /** Findings the waiver accepted. */
  readonly waived: readonly Finding[];
  /**
   * Findings it matched but could not accept: in a prod-tier org, findings of a rule not waivable in prod or of one
   * of its `unwaivableInProd` messages; in any org, findings of its `neverWaivable` messages.
   */
  readonly refused: readonly Finding[];
}

/** Everything a rule may read, and the one thing it may do: report. */
export interface RuleContext<MessageId extends string> {
  readonly model: ScopegateModel;
  readonly profiles: ProfileCatalog;
  readonly scopes: ScopeCatalog;
  /** Today as `YYYY-MM-DD`. */
  readonly today: string;
  /** Longest token validity allowed in a tier (policy, else the built-in default). */
  maxTokenValiditySeconds(tier: Tier): number;
  /** How each waiver was used; empty for rules that run before waivers are applied. */
  readonly waiverUses: readonly WaiverUse[];
  report(descriptor: ReportDescriptor<MessageId>): void;
  /**
   * Says the rule could not check something and why (a scanned client with no capabilities, a resource type the
   * vendored schema does not cover), so that a scan never passes silently. Notes with the same reason are counted as
   * one, at the first place given.
   */
  skip(reason: string, at: SourceLocation): void;
}

/**
 * Inputs a rule reads beyond the model every source gives: `terraform`, configurations as written (a scan of HCL,
 * Terraform JSON or a plan's configuration); `plan`, a plan's resource changes. The engine runs the rule only when
 * the model has them; a rule that did not run for want of them is no note (`scopegate rules` says where it runs).
 */
export type RuleInput = "terraform" | "plan";

/** A rule: metadata, messages and a pure check over the model. */
export interface RuleDefinition<MessageId extends string> {
  /** Kebab-case id; the rule's file, doc page and test share it. */
  readonly id: string;
  /** One line: what the rule checks. */
  readonly description: string;
  /** Default severity per tier; `policy.tiers.<tier>.rules.<id>` overrides it. */
  readonly severity: Readonly<Record<Tier, Severity>>;
  /** False for rules whose findings in a prod-tier org no waiver can accept. @default true */
  readonly waivableInProd?: boolean;
  /**
   * Messages whose findings in a prod-tier org no waiver can accept, while the rule's other findings can be waived.
   * Ids not in `messages` fail to compile. @default - none
   */
  readonly unwaivableInProd?: readonly NoInfer<MessageId>[];
  /**
   * Messages whose findings no waiver accepts in any tier: what would break the synthesized stacks themselves (two
   * stacks writing one state). A rule with such messages cannot be set below `error` in any tier. @default - none
   */
  readonly neverWaivable?: readonly NoInfer<MessageId>[];
  /**
   * Messages that only list what was found (a plan changing a client's scopes): reported as `info` in every tier,
   * unless policy turns the rule off. @default - none
   */
  readonly infoMessages?: readonly NoInfer<MessageId>[];
  /**
   * Messages that say a check could not be sure (a name outside an incomplete catalog): reported as at most `warning`
   * in every tier (a tier that sets the rule to `info` keeps `info`), unless policy turns the rule off. @default - none
   */
  readonly warningMessages?: readonly NoInfer<MessageId>[];
  /** Inputs the rule needs beyond the model; see `RuleInput`. @default - none: it runs on every model */
  readonly needs?: readonly RuleInput[];
  /** `waivers` rules run after waivers are applied, read `waiverUses`, and cannot themselves be waived. @default "model" */
  readonly phase?: "model" | "waivers";
  /** Message templates by id; `{{name}}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<MessageId, string>>;
  check(context: RuleContext<MessageId>): void;
}

/** Any rule, whatever its message ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule = RuleDefinition<any>;

/** Declares a rule; the message ids `report` accepts are inferred from `messages`, so a typo fails to compile. */
export function defineRule<MessageId extends string>(rule: RuleDefinition<MessageId>): RuleDefinition<MessageId> {
  return rule;
}

/** The message ids whose findings in a prod-tier org no waiver accepts: all of them, some, or none. */
export function unwaivableMessagesInProd(rule: Rule): readonly string[] {
  return rule.waivableInProd === false ? Object.keys(rule.messages) : [...new Set([...(rule.unwaivableInProd ?? []), ...(rule.neverWaivable ?? [])])];
}

/** The message ids whose findings no waiver accepts in a tier. */
export function unwaivableMessagesIn(rule: Rule, tier: Tier): readonly string[] {
  return tier === "prod" ? unwaivableMessagesInProd(rule) : (rule.neverWaivable ?? []);
}

/** Whether waivers accept a rule's findings in a prod-tier org: all of them, none, or those of some messages only. */
export type ProdWaivability = "yes" | "no" | "partly";

/** How waivable a rule is in prod, for listings; `waivers` rules cannot be waived at all. */
export function prodWaivabilityOf(rule: Rule): ProdWaivability {
  if (rule.phase === "waivers") return "no";
  const unwaivable = unwaivableMessagesInProd(rule);
  if (unwaivable.length === 0) return "yes";
  return Object.keys(rule.messages).every((messageId) => unwaivable.includes(messageId)) ? "no" : "partly";
}

/** How waivable a rule is in prod, as SARIF rule properties and `scopegate rules --format json` state it. */
export interface ProdWaivabilityProperties {
  /** `true`, `false`, or `"partly"`: the findings of some messages cannot be waived in prod, the others can. */
  readonly waivableInProd: boolean | "partly";
  /** With `"partly"`: the message ids whose findings in prod no waiver accepts. */
  readonly unwaivableInProdMessages?: readonly string[];
}

/** A rule's prod waivability as report properties. */
export function prodWaivabilityProperties(rule: Rule): ProdWaivabilityProperties {
  const waivability = prodWaivabilityOf(rule);
  if (waivability !== "partly") return { waivableInProd: waivability === "yes" };
  return { waivableInProd: "partly", unwaivableInProdMessages: unwaivableMessagesInProd(rule) };
}

/** Fills `{{name}}` placeholders; a placeholder without data is a bug in the rule and throws. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`message placeholder '${name}' has no data`);
    return String(data[name]);
  });
}

/** Whether a scan could not read a setting of an org or client (never true for configurations). */
export function isUnknown<Setting extends string>(item: { readonly unknown?: ReadonlySet<Setting> }, setting: Setting): boolean {
  return item.unknown?.has(setting) === true;
}

/** Skip reasons shared by rules that read a client's capabilities. */
export const SKIP_REASONS = {
  noCapabilities:
    "OAuth clients without capabilities were not checked; say what a client is for with a '# scopegate: capabilities=<profile>' comment above it or 'scopegate:capabilities=<profile>' in its description.",
  unknownProfile: "Capabilities without a profile were not checked; declare them under 'profiles:' in a configuration and pass it with --config.",
  grantUnknown: "OAuth clients whose grant type is not a literal were not checked: whether their roles or their scopes decide what they can call depends on it.",
} as const;

/**
 * Which org a scanned module or plan is (the scan makes one org of each); a scope of its own, in the prod tier's
 * strictness, should one be missing.
 */
export function scopeOfScanned(model: ScopegateModel, label: string): FindingScope {
  // A child module's findings count in the org of the root that calls it.
  let root = label;
  for (let depth = 0; depth < 16; depth++) {
    const caller = model.terraform?.modules.find((module) => module.label === root)?.calledBy?.module;
    if (caller === undefined) break;
    root = caller;
  }
  const org = model.environments.find((candidate) => candidate.scannedFrom === root);
  return org === undefined ? { tenant: label, environment: environmentNameOf(label) } : { tenant: org.tenant, environment: org.environment };
}

/** Every client of every org, with its org: the loop most rules start with. */
export function* clientsOf(model: ScopegateModel): Generator<readonly [OrgEnvironment, OrgEnvironment["oauthClients"][number]]> {
  for (const org of model.environments) for (const client of org.oauthClients) yield [org, client];
}

/** Items grouped by a key, groups and items in first-seen order. */
export function groupBy<T>(items: Iterable<T>, keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [item]);
      else group.push(item);
    }
  }
  return groups;
}

/** The target string of an OAuth client. */
export function clientTarget(key: string): string {
  return `oauth-client/${key}`;
}
