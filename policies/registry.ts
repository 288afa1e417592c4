import type { Rule } from "./rule";
import deployClientPrivilege from "./rules/deploy-client-privilege";
import destructiveChange from "./rules/destructive-change";
import divisionWildcard from "./rules/division-wildcard";
import envIsolation from "./rules/env-isolation";
import expiredWaiver from "./rules/expired-waiver";
import grantShape from "./rules/grant-shape";
import knownScopes from "./rules/known-scopes";
import leastPrivilege from "./rules/least-privilege";
import orgIdWiring from "./rules/org-id-wiring";
import privilegedRole from "./rules/privileged-role";
import prodStricter from "./rules/prod-stricter";
import promotionDrift from "./rules/promotion-drift";
import providerSchema from "./rules/provider-schema";
import redirectUris from "./rules/redirect-uris";
import regionConsistency from "./rules/region-consistency";
import requiredScopes from "./rules/required-scopes";
import rotationParity from "./rules/rotation-parity";
import secretExposure from "./rules/secret-exposure";
import tokenValidity from "./rules/token-validity";
import uniqueNames from "./rules/unique-names";
import unusedWaiver from "./rules/unused-waiver";

/** Every rule scopegate runs, in the order `scopegate rules` lists them. */
export const RULES: readonly Rule[] = [
  requiredScopes,
  leastPrivilege,
  knownScopes,
  grantShape,
  redirectUris,
  orgIdWiring,
  regionConsistency,
  tokenValidity,
  secretExposure,
  envIsolation,
  divisionWildcard,
  privilegedRole,
  rotationParity,
  uniqueNames,
  promotionDrift,
  prodStricter,
  deployClientPrivilege,
  providerSchema,
  destructiveChange,
  expiredWaiver,
  unusedWaiver,
];

/** Rule ids, for validating waivers and policy settings. */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/** The rule with an id, if there is one. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Rules that compare environments or orgs with each other; `scopegate promote` reports their findings. */
export const CROSS_ENVIRONMENT_RULE_IDS: readonly string[] = ["env-isolation", "promotion-drift", "prod-stricter", "deploy-client-privilege"];
