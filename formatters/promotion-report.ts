import type { OAuthClientModel, OrgEnvironment, SourceLocation } from "../model/model";
import { rotationCopyNames } from "../config/outputs";
import type { KeyDifference } from "../policies/client-comparison";
import { notYetPromoted } from "../policies/client-comparison";
import type { Finding } from "../policies/finding";
import { summarize } from "../policies/finding";
import { countsText, oneLine, plural } from "./common";
import type { ReportContext } from "./index";
import { jsonReport } from "./json";
import { cell, code, markdownFindings, table } from "./markdown";
import { formatText } from "./text";
import type { TenantPromotion } from "../policies/promotion";
import { deletedByPromotion, isUnchanged } from "../policies/promotion";

/** Formats `scopegate promote` prints. */
export const PROMOTION_FORMATS = ["text", "json", "markdown"] as const;
export type PromotionFormat = (typeof PROMOTION_FORMATS)[number];

/** Marks the pull-request comment so a workflow can find and update it. */
export const PROMOTION_MARKER = "<!-- scopegate-promote -->";

/** The Markdown report's first lines: the marker, then the heading naming the two environments. */
export function promotionMarkdownHeader(from: string, to: string): string[] {
  return [PROMOTION_MARKER, `### scopegate promote: ${cell(from)} → ${cell(to)}`];
}

/** One line of a promotion diff: what happens to a client (or a binding) in the target, and where both sides say so. */
export interface PromotionItem {
  readonly kind: "added" | "renamed" | "changed" | "intended";
  /** The client key, or `binding <name>`. */
  readonly subject: string;
  /** The setting, for `changed` and `intended` items. */
  readonly setting?: string;
  readonly summary: string;
  /** What could break: deleting a client, replacing one, deactivating one. */
  readonly warning?: string;
  /** Where the source environment declares it, if it does. */
  readonly source?: SourceLocation;
  /** Where the target environment declares it, if it does. */
  readonly target?: SourceLocation;
}

/** A tenant's promotion as report items: the changes promotion makes, and the intended per-environment differences. */
export function promotionItems(promotion: TenantPromotion): { changes: PromotionItem[]; intended: PromotionItem[] } {
  const { source, target } = promotion;
  const deletions = new Map(deletedByPromotion(promotion).map((deletion) => [deletion.client, deletion.names]));
  const cutOff = (names: readonly string[]) =>
    `deletes ${names.map((name) => `'${name}'`).join(", ")} in Genesys Cloud: every integration using ${names.length === 1 ? "it" : "them"} stops at once`;

  const changes: PromotionItem[] = [
    ...promotion.added.map((client): PromotionItem => ({
      kind: "added",
      subject: client.key,
      summary: `not in '${target.environment}'${client.only === undefined ? "" : " (its 'only' leaves it out)"}; promotion creates it there: ${clientSummary(client)}`,
      source: client.loc,
      target: client.only?.loc,
    })),
    ...promotion.renamed.map(({ source: from, target: to }): PromotionItem => ({
      kind: "renamed",
      subject: `${to.key} → ${from.key}`,
      summary: `'${to.key}' becomes '${from.key}'; Terraform replaces the client (new client id and secret)`,
      warning: `${cutOff(deletions.get(to) ?? [to.name.value])}; re-point them to '${from.key}'`,
      source: from.loc,
      target: to.loc,
    })),
    ...promotion.clients.flatMap(({ key, source: from, target: to, changes: differences }) =>
      differences.map((difference): PromotionItem => ({
        kind: "changed",
        subject: key,
        setting: difference.key,
        summary: changeSummary(difference, from, to, target.environment),
        warning: changeWarning(difference, from, to),
        source: difference.source.loc,
        target: difference.target.loc,
      })),
    ),
  ];

  const intended: PromotionItem[] = [
    ...promotion.targetOnly.map((client): PromotionItem => ({
      kind: "intended",
      subject: client.key,
      summary: `only in '${target.environment}'${client.only === undefined ? "" : ", as its 'only' declares"}; promotion keeps it`,
      source: client.only?.loc,
      target: client.loc,
    })),
    ...promotion.clients.flatMap(({ key, intended: differences }) =>
      differences.map((difference): PromotionItem => ({
        kind: "intended",
        subject: key,
        setting: difference.key,
        summary: `'${source.environment}': ${difference.source.text}; '${target.environment}': ${difference.target.text}`,
        source: difference.source.loc,
        target: difference.target.loc,
      })),
    ),
    ...promotion.bindings.map((binding): PromotionItem => ({
      kind: "intended",
      subject: `binding ${binding.name}`,
      summary: `'${source.environment}': ${binding.source === undefined ? "not declared" : String(binding.source.value)}; '${target.environment}': ${binding.target === undefined ? "not declared" : String(binding.target.value)}`,
      source: binding.source?.loc,
      target: binding.target?.loc,
    })),
  ];
  return { changes, intended };
}

function clientSummary(client: OAuthClientModel): string {
  const parts: string[] = [client.grant.value];
  if (client.scopes.length > 0) parts.push(`scopes ${client.scopes.map((scope) => scope.value).join(", ")}`);
  if (client.roles.length > 0) parts.push(`${plural(client.roles.length, "role")} (${client.roles.map((grant) => grant.role.value).join(", ")})`);
  if (client.rotation.value > 1) parts.push(`${client.rotation.value} rotation copies`);
  return parts.join("; ");
}

function changeSummary(difference: KeyDifference, source: OAuthClientModel, target: OAuthClientModel, targetEnvironment: string): string {
  if (difference.target.overridden) {
    // The target declares its own value: promotion adds what it lacks and keeps the rest (see promoteInText).
    const work = notYetPromoted(source, target);
    const own = `'${targetEnvironment}' declares its own ${difference.key}`;
    switch (difference.key) {
      case "capabilities":
      case "scopes":
        return `${own}; adds ${work[difference.key].map((item) => item.value).join(", ")} to them`;
      case "roles":
        return `${own} and lacks ${work.roles.map((item) => item.value).join(", ")}: add ${work.roles.length === 1 ? "it" : "them"} there by hand under environments.${targetEnvironment}, with a division of its org (promotion does not guess division names)`;
      default:
        return `${own}; ${difference.target.text} → ${difference.source.text}`;
    }
  }
  const parts = [
    ...(difference.gains.length > 0 ? [`adds ${difference.gains.join(", ")}`] : []),
    ...(difference.loses.length > 0 ? [`removes ${difference.loses.join(", ")}`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : `${difference.target.text} → ${difference.source.text}`;
}

function changeWarning(difference: KeyDifference, source: OAuthClientModel, target: OAuthClientModel): string | undefined {
  // A target's own value only gains what it lacks (roles by hand): nothing is removed or deleted.
  if (difference.target.overridden) return undefined;
  if (difference.key === "rotation" && source.rotation.value < target.rotation.value) {
    const names = rotationCopyNames(target.name.value, target.rotation.value).slice(source.rotation.value);
    return `deletes ${names.map((name) => `'${name}'`).join(", ")} in Genesys Cloud: every integration using ${names.length === 1 ? "it" : "them"} stops at once`;
  }
  if (difference.key === "state" && source.state.value === "inactive") return "deactivates the client: every integration using it stops";
  if ((difference.key === "scopes" || difference.key === "roles") && difference.loses.length > 0) return `integrations relying on what is removed get 403s`;
  return undefined;
}

/** Everything a promotion report shows. */
export interface PromotionReport {
  readonly from: string;
  readonly to: string;
  readonly promotions: readonly TenantPromotion[];
  /** Findings of the cross-environment rules for the promoted orgs. */
  readonly findings: readonly Finding[];
  /**
   * Findings of any rule in the target environment that promoting would bring: present once the configuration is
   * promoted, absent now. Their lines are in the promoted text, so they are shown without them.
   */
  readonly introduced: readonly Finding[];
  /** Why there are no promotions, when there are none. */
  readonly emptyReason?: string;
  readonly context: ReportContext;
}

/** The report in a format, as text ending with a newline. */
export function formatPromotion(format: PromotionFormat, report: PromotionReport): string {
  switch (format) {
    case "text":
      return promotionText(report);
    case "markdown":
      return promotionMarkdown(report);
    case "json":
      return `${JSON.stringify(promotionJson(report), null, 2)}\n`;
  }
}

const SIGN: Readonly<Record<PromotionItem["kind"], string>> = { added: "+", renamed: "~", changed: "~", intended: "=" };

function orgText(org: OrgEnvironment): string {
  return `${org.environment} (${org.orgName.value}, ${org.region.value}, ${org.tier.value})`;
}

function at(loc: SourceLocation | undefined): string {
  return loc === undefined ? "not declared" : `${loc.file}:${loc.line}:${loc.column}`;
}

function heading(promotion: TenantPromotion, changes: number): string {
  return `${promotion.tenant}: ${orgText(promotion.source)} → ${orgText(promotion.target)}: ${changes === 0 ? "nothing to promote" : plural(changes, "change")}`;
}

function promotionText(report: PromotionReport): string {
  const lines = [`scopegate promote: ${report.from} → ${report.to} (${oneLine(report.context.source)})`];
  for (const promotion of report.promotions) {
    const { changes, intended } = promotionItems(promotion);
    lines.push("", oneLine(heading(promotion, changes.length)));
    const item = (entry: PromotionItem) => {
      const what = entry.setting === undefined ? entry.subject : `${entry.subject} ${entry.setting}`;
      lines.push(`  ${SIGN[entry.kind]} ${oneLine(`${what}: ${entry.summary}`)}`);
      if (entry.warning !== undefined) lines.push(`      warning: ${oneLine(entry.warning)}`);
      lines.push(`      ${report.from}: ${oneLine(at(entry.source))}   ${report.to}: ${oneLine(at(entry.target))}`);
    };
    changes.forEach(item);
    if (intended.length > 0) {
      lines.push(`  intended, per environment (promotion keeps these):`);
      intended.forEach(item);
    }
  }
  if (report.promotions.length === 0) lines.push("", oneLine(report.emptyReason ?? "No tenant to promote."));
  lines.push("", "Cross-environment rules:", formatText(report.findings, report.context).trimEnd());
  if (report.introduced.length > 0) {
    lines.push("", `After promotion, '${report.to}' would also have:`);
    for (const finding of report.introduced) lines.push(`  ${finding.severity}  ${finding.ruleId}  ${oneLine(finding.message)}${finding.waived ? " (waived)" : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

function promotionMarkdown(report: PromotionReport): string {
  const lines = [...promotionMarkdownHeader(report.from, report.to), ""];
  const where = (loc: SourceLocation | undefined) => (loc === undefined ? "not declared" : code(`${loc.file}:${loc.line}`));
  const rows = (items: readonly PromotionItem[]) =>
    items.map((entry) => [
      SIGN[entry.kind],
      code(entry.subject),
      cell(entry.setting ?? entry.kind),
      cell(entry.summary) + (entry.warning === undefined ? "" : `<br>**Warning:** ${cell(entry.warning)}`),
      where(entry.source),
      where(entry.target),
    ]);
  const header = ["", "Client", "Setting", "Change", cell(report.from), cell(report.to)];
  for (const promotion of report.promotions) {
    const { changes, intended } = promotionItems(promotion);
    lines.push(`#### ${cell(heading(promotion, changes.length))}`, "");
    if (changes.length > 0) lines.push(...table(header, rows(changes)), "");
    if (intended.length > 0) {
      lines.push("<details>", `<summary>${plural(intended.length, "intended difference")} (per environment, kept)</summary>`, "", ...table(header, rows(intended)), "", "</details>", "");
    }
  }
  if (report.promotions.length === 0) lines.push(cell(report.emptyReason ?? "No tenant to promote."), "");
  lines.push("#### Cross-environment rules", "", ...markdownFindings(report.findings, report.context));
  if (report.introduced.length > 0) {
    lines.push(
      "",
      `#### After promotion, ${cell(`'${report.to}'`)} would also have`,
      "",
      ...table(
        ["Severity", "Rule", "Org", "Message"],
        report.introduced.map((finding) => [finding.severity + (finding.waived ? " (waived)" : ""), cell(finding.ruleId), cell(`${finding.tenant}/${finding.environment ?? ""}`), cell(finding.message)]),
      ),
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function promotionJson(report: PromotionReport) {
  const org = (environment: OrgEnvironment) => ({
    environment: environment.environment,
    orgName: environment.orgName.value,
    region: environment.region.value,
    tier: environment.tier.value,
  });
  const location = (loc: SourceLocation | undefined) => (loc === undefined ? null : { file: loc.file, line: loc.line, column: loc.column });
  const item = (entry: PromotionItem) => ({
    kind: entry.kind,
    subject: entry.subject,
    setting: entry.setting ?? null,
    summary: entry.summary,
    warning: entry.warning ?? null,
    source: location(entry.source),
    target: location(entry.target),
  });
  return {
    from: report.from,
    to: report.to,
    config: report.context.source,
    tenants: report.promotions.map((promotion) => {
      const { changes, intended } = promotionItems(promotion);
      return { tenant: promotion.tenant, source: org(promotion.source), target: org(promotion.target), unchanged: isUnchanged(promotion), changes: changes.map(item), intended: intended.map(item) };
    }),
    ...jsonReport(report.findings),
    introduced: report.introduced.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      tenant: finding.tenant,
      environment: finding.environment ?? null,
      target: finding.target,
      waived: finding.waived,
    })),
  };
}

/** `2 errors, 0 warnings, ...` of the report's findings, for a one-line summary. */
export function promotionCounts(report: PromotionReport): string {
  return countsText(summarize(report.findings));
}
