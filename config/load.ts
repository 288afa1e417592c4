import type { ScopegateModel } from "../model/model";
import { normalize } from "./normalize";
import type { ConfigProblem } from "./problems";
import { escapeControlCharacters, sortProblems } from "./problems";
import type { RawConfig } from "./raw-config";
import { validateAgainstSchema } from "./schema-validation";
import type { Unloaded } from "./semantics";
import { checkSemantics, credentialReuseProblems } from "./semantics";
import type { DocPath, YamlSource } from "./yaml-source";
import { hideCredentialValues, parseYamlSource, readYamlSource } from "./yaml-source";

/** The model, or every problem found in the file (never both). */
export type LoadResult = { readonly ok: true; readonly model: ScopegateModel } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Reads a configuration file into the normalized model, collecting every problem in one pass. Never throws for bad
 * input. `file` names the file in locations; `readPath` is where to read it when that differs.
 */
export function loadConfig(file: string, readPath: string = file): LoadResult {
  const read = readYamlSource(file, readPath);
  return "problems" in read ? unreadable(read.problems) : modelFrom(read.source);
}

/** Same as `loadConfig`, from text already in memory; `file` names it in locations. */
export function loadConfigText(file: string, text: string): LoadResult {
  const read = parseYamlSource(file, text);
  return "problems" in read ? unreadable(read.problems) : modelFrom(read.source);
}

/** Problems of a file that is not one YAML document; what they quote from it (a duplicate key) on one printable line. */
function unreadable(problems: readonly ConfigProblem[]): LoadResult {
  return { ok: false, problems: problems.map((problem) => ({ ...problem, message: escapeControlCharacters(problem.message) })) };
}

function modelFrom(source: YamlSource): LoadResult {
  const reuse = credentialReuseProblems(source);
  const { problems: schemaProblems, invalidPaths } = validateAgainstSchema(source);
  if (schemaProblems.length === 0) {
    const config = source.data as RawConfig;
    const problems = [...reuse, ...checkSemantics(config, source)];
    return problems.length === 0 ? { ok: true, model: normalize(config, source) } : failed(problems, source);
  }
  // Report everything in one pass: the cross-field checks still run on the parts the schema found nothing wrong with.
  const loaded = schemaValidPart(source.data, invalidPaths);
  const semanticProblems = loaded === undefined ? [] : checkSemantics(loaded.config, source, loaded.unloaded);
  return failed([...schemaProblems, ...reuse, ...semanticProblems], source);
}

/**
 * The problems, sorted, with every value written in a credentials mapping (or reused from one) left out of them,
 * and control characters quoted from the file escaped (each message is one line of printable text in every format).
 */
function failed(problems: readonly ConfigProblem[], source: YamlSource): LoadResult {
  const secrets = [...source.credentialReuse.map((reuse) => reuse.value), ...source.credentialValues];
  const shown = hideCredentialValues(problems, secrets).map((problem) => ({ ...problem, message: escapeControlCharacters(problem.message) }));
  return { ok: false, problems: sortProblems(shown) };
}

/**
 * The configuration reduced to the tenants without schema problems, with what was left out (so that checks on the
 * rest do not report its consequences), or undefined when not even its shape holds.
 */
function schemaValidPart(data: unknown, invalidPaths: readonly DocPath[]): { config: RawConfig; unloaded: Unloaded } | undefined {
  const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isMapping(data) || !isMapping(data.tenants)) return undefined;
  const invalidTenants = new Set(invalidPaths.filter((p) => p[0] === "tenants" && p.length >= 2).map((p) => String(p[1])));
  if (invalidPaths.some((p) => p[0] === "tenants" && p.length === 1)) return undefined;
  const tenants = Object.fromEntries(Object.entries(data.tenants).filter(([name]) => !invalidTenants.has(name)));
  const policy = isMapping(data.policy) ? data.policy : undefined;
  const under = (...prefix: string[]) => invalidPaths.filter((p) => prefix.every((part, i) => p[i] === part));
  // Profiles and roles without schema problems of their own are checked further.
  const validEntries = (section: "profiles" | "roles") =>
    isMapping(data[section]) ? Object.fromEntries(Object.entries(data[section]).filter(([name]) => under(section, name).length === 0)) : {};
  const profiles = validEntries("profiles");
  const roles = validEntries("roles");
  const waiverPaths = under("policy", "waivers");
  const unloaded: Unloaded = {
    tenants: invalidTenants,
    waivers: !Array.isArray(policy?.waivers) || waiverPaths.some((p) => p.length === 2) ? "all" : new Set(waiverPaths.map((p) => Number(p[2]))),
    tiers: under("policy", "tiers").length > 0,
    // A profile left out would make its capability look undeclared.
    profiles: (data.profiles !== undefined && !isMapping(data.profiles)) || under("profiles").length > 0,
  };
  return { config: { version: 1, profiles, roles, tenants, ...(policy === undefined ? {} : { policy }) } as RawConfig, unloaded };
}
