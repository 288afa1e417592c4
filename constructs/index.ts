/**
 * scopegate's construct library: Genesys Cloud orgs, custom roles and OAuth clients for cdktf apps written in code,
 * and the policy gate for them (`Aspects.of(app).add(new ScopegatePolicy())`). The YAML app (`scopegate synth`) is
 * built from the same constructs.
 */
export { GenesysCustomRole, type GenesysCustomRoleProps, type GenesysPermissionPolicy } from "./genesys-custom-role";
export { GenesysDivision } from "./genesys-division";
export { GenesysOAuthClient, type GenesysOAuthClientProps, type GenesysRoleGrant } from "./genesys-oauth-client";
export { type GenesysDeployCredentials, GenesysOrgStack, type GenesysOrgStackProps, type GenesysStateBackend } from "./genesys-org-stack";
export { DirectoryLookups } from "./directory-lookups";
export { EnvironmentBindings } from "./environment-bindings";
export { ScopegatePolicy, type ScopegatePolicyProps, type ScopegateTierPolicy, type ScopegateWaiver, modelOfStacks } from "./scopegate-policy";
export { addStacks, synthesize, type SynthesisSummary, type SynthesizeOptions } from "./app";
export type { StackSelection } from "../model/selection";
export { loadConfig, loadConfigText, type LoadResult } from "../config/load";
export type { GrantType, ScopegateModel, Tier } from "../model/model";
