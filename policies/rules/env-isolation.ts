import type { OrgEnvironment, SourceLocation, UnknownOrgSetting } from "../../model/model";
import { configDirOf, describeStateLocation, stateLocationKey, stateLocationOf } from "../../config/outputs";
import { joinList } from "../../config/suggest";
import { defineRule, groupBy, isUnknown } from "../rule";

/** One org's use of something that must be its own: a credentials variable, a state location, an org name. */
interface Use {
  readonly org: OrgEnvironment;
  /** The value's line. */
  readonly at: SourceLocation;
}

/** Each use of a key that more than one org uses, with the other orgs that use it; keys and uses in model order. */
function* sharedUses<T extends Use>(uses: readonly T[], keyOf: (use: T) => string): Generator<{ readonly key: string; readonly use: T; readonly others: string }> {
  for (const [key, sharing] of groupBy(uses, (use) => [keyOf(use)])) {
    for (const use of sharing) {
      const others = [...new Set(sharing.filter((other) => other.org !== use.org).map((other) => `'${other.org.stackName}'`))];
      if (others.length > 0) yield { key, use, others: joinList(others) };
    }
  }
}

/**
 * Every org is its own: its deploy credentials, its Terraform state and its Genesys Cloud org belong to no other org.
 * Shared things are reported in every org that shares them, so a prod org's finding counts (and is refused waivers)
 * as prod. Regions are not compared: a token acts only on its own org whatever the region, so Dev and Prod in one
 * region (data residency, single-region countries) are isolated by these three and by the org-identity guard.
 */
export default defineRule({
  id: "env-isolation",
  description: "No two orgs share deploy credentials, Terraform state or a Genesys Cloud org.",
  severity: { nonprod: "error", prod: "error" },
  unwaivableInProd: ["sharedCredentials"],
  neverWaivable: ["sharedState"],
  messages: {
    sharedCredentials: "Environment variable '{{variable}}' holds the deploy credentials of '{{stack}}' and also of {{others}}; expected one variable per org, so that one org's credentials can never deploy to another.",
    sharedState: "Stack '{{stack}}' keeps its Terraform state in {{location}}, which is also the state of {{others}}; expected a state of its own for each org, since applying one stack would rewrite the other's state.",
    sharedOrgName: "Org name '{{orgName}}' of '{{stack}}' is also the org name of {{others}} (compared without case); expected one Genesys Cloud org per stack, since the stacks would deploy their OAuth clients into the same org.",
  },
  check({ model, report }) {
    const known = (setting: UnknownOrgSetting) => model.environments.filter((org) => !isUnknown(org, setting));
    const credentials = known("credentials").flatMap((org) => [org.credentials.clientIdEnv, org.credentials.clientSecretEnv].map((slot) => ({ org, at: slot.loc, variable: slot.value })));
    for (const { key, use, others } of sharedUses(credentials, (use) => use.variable)) {
      report({ messageId: "sharedCredentials", data: { variable: key, stack: use.org.stackName, others }, at: use.at, scope: use.org, target: "org" });
    }

    const configDir = model.baseDir ?? configDirOf(model.source);
    const states = known("backend").map((org) => ({ org, at: stateLine(org), location: org.stateLocation ?? stateLocationOf(org, configDir) }));
    for (const { use, others } of sharedUses(states, (use) => stateLocationKey(use.location))) {
      const location = describeStateLocation(use.location, configDir);
      report({ messageId: "sharedState", data: { stack: use.org.stackName, location, others }, at: use.at, scope: use.org, target: "org" });
    }

    const orgNames = known("orgName").map((org) => ({ org, at: org.orgName.loc }));
    for (const { use, others } of sharedUses(orgNames, (use) => use.org.orgName.value.trim().toLowerCase())) {
      report({ messageId: "sharedOrgName", data: { stack: use.org.stackName, orgName: use.org.orgName.value, others }, at: use.at, scope: use.org, target: "org" });
    }
  },
});

/** The line that decides where an org's state lives: a local `path`, else the `backend` (or, without one, the org). */
function stateLine(org: OrgEnvironment): SourceLocation {
  return org.backend.type === "local" && org.backend.path !== undefined ? org.backend.path.loc : org.backend.loc;
}
