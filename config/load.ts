import type { ScopegateModel } from "./model";
import { normalize } from "./normalize";
import type { ConfigProblem } from "./problems";
import { sortProblems } from "./problems";
import type { RawConfig } from "./raw-config";
import { validateAgainstSchema } from "./schema-validation";
import { checkSemantics } from "./semantics";
import type { YamlSource } from "./yaml-source";
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
  const schemaProblems = validateAgainstSchema(source);
  if (schemaProblems.length > 0) return { ok: false, problems: sortProblems(schemaProblems) };
  const config = source.data as RawConfig;
  const semanticProblems = checkSemantics(config, source);
  if (semanticProblems.length > 0) return { ok: false, problems: sortProblems(semanticProblems) };
  return { ok: true, model: normalize(config, source) };
}
