import type { ScopegateModel } from "./model";
import { normalize } from "./normalize";
import type { ConfigProblem } from "./problems";
import { sortProblems } from "./problems";
import type { RawConfig } from "./raw-config";
import { validateAgainstSchema } from "./schema-validation";
import { checkSemantics } from "./semantics";
import type { DocPath, YamlSource } from "./yaml-source";
import { parseYamlSource, readYamlSource } from "./yaml-source";

/** The model, or every problem found in the file (never both). */
export type LoadResult = { readonly ok: true; readonly model: ScopegateModel } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Reads a configuration file into the normalized model, collecting every problem in one pass. Never throws for bad
 * input. `file` names the file in locations; `readPath` is where to read it when that differs.
 */
export function loadConfig(file: string, readPath: string = file): LoadResult {
  const read = readYamlSource(file, readPath);
  return "problems" in read ? { ok: false, problems: read.problems } : modelFrom(read.source);
}

/** Same as `loadConfig`, from text already in memory; `file` names it in locations. */
export function loadConfigText(file: string, text: string): LoadResult {
  const read = parseYamlSource(file, text);
  return "problems" in read ? { ok: false, problems: read.problems } : modelFrom(read.source);
}

function modelFrom(source: YamlSource): LoadResult {
  const { problems: schemaProblems, invalidPaths } = validateAgainstSchema(source);
  if (schemaProblems.length === 0) {
    const config = source.data as RawConfig;
    const semanticProblems = checkSemantics(config, source);
    return semanticProblems.length === 0 ? { ok: true, model: normalize(config, source) } : { ok: false, problems: sortProblems(semanticProblems) };
  }
  // Report everything in one pass: the cross-field checks still run on the tenants the schema found nothing wrong with.
  const checkable = schemaValidPart(source.data, invalidPaths);
  const semanticProblems = checkable === undefined ? [] : checkSemantics(checkable, source);
  return { ok: false, problems: sortProblems([...schemaProblems, ...semanticProblems]) };
}

/** The configuration reduced to the tenants without schema problems, or undefined when not even its shape holds. */
function schemaValidPart(data: unknown, invalidPaths: readonly DocPath[]): RawConfig | undefined {
  const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isMapping(data) || !isMapping(data.tenants)) return undefined;
  const invalidTenants = new Set(invalidPaths.filter((p) => p[0] === "tenants" && p.length >= 2).map((p) => String(p[1])));
  if (invalidPaths.some((p) => p[0] === "tenants" && p.length === 1)) return undefined;
  const tenants = Object.fromEntries(Object.entries(data.tenants).filter(([name]) => !invalidTenants.has(name)));
  const profiles = isMapping(data.profiles) ? data.profiles : {};
  const policyValid = isMapping(data.policy) && !invalidPaths.some((p) => p[0] === "policy");
  return { version: 1, profiles, tenants, ...(policyValid ? { policy: data.policy } : {}) } as RawConfig;
}
