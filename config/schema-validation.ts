import type { default as Ajv, ErrorObject, ValidateFunction } from "ajv";
import schema from "../schema/scopegate.schema.json";
import tenantFileSchema from "../schema/scopegate-tenants.schema.json";
import type { ConfigProblem } from "./problems";
import { problemAt } from "./problems";
import { didYouMean, quoteList } from "./suggest";
import type { DocPath, YamlSource } from "./yaml-source";

/** Keys whose values name environment variables holding credentials: never echo what is found there. */
const CREDENTIAL_SLOTS = new Set(["clientIdEnv", "clientSecretEnv"]);

/** The two kinds of configuration file: the root configuration, and a tenant file it names under `include`. */
export type ConfigFileKind = "root" | "tenants";

let compiled: Record<ConfigFileKind, ValidateFunction> | undefined;

/** The file the build writes the validators' code to, beside this module's compiled JavaScript (`dist/config/`). */
const PRECOMPILED = "./schema-validator.generated.js";

/**
 * The validators for `schema/scopegate.schema.json` and `schema/scopegate-tenants.schema.json`: those the build
 * compiled ahead of time (`validatorSource`) in the installed package, compiled here (once per process) when running
 * from the sources.
 */
function validator(kind: ConfigFileKind): ValidateFunction {
  if (compiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      compiled = require(PRECOMPILED) as Record<ConfigFileKind, ValidateFunction>;
    } catch (error) {
      if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
      const ajv = schemaAjv(false);
      compiled = { root: ajv.compile(schema), tenants: ajv.compile(tenantFileSchema) };
    }
  }
  return compiled[kind];
}

/** Ajv set up for the schemas; loaded only where the validators are compiled here (Ajv costs more to load than to run). */
function schemaAjv(source: boolean): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass = (require("ajv") as { default: typeof Ajv }).default;
  const ajv = new AjvClass({ allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true, strict: true, code: { source } });
  ajv.addKeyword({ keyword: "x-expected", schemaType: "string" });
  ajv.addSchema(schema);
  return ajv;
}

/** The validators' code, compiled ahead of time (Ajv's standalone code), for the build to write as `PRECOMPILED`. */
export function validatorSource(): string {
  const ajv = schemaAjv(true);
  ajv.addSchema(tenantFileSchema);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standalone = (require("ajv/dist/standalone") as { default: (ajv: Ajv, refs: Record<string, string>) => string }).default;
  return standalone(ajv, { root: schema.$id, tenants: tenantFileSchema.$id } satisfies Record<ConfigFileKind, string>);
}

/** Schema violations, and the paths they were found at (a name that is not valid counts as its entry's path). */
export interface SchemaResult {
  readonly problems: readonly ConfigProblem[];
  readonly invalidPaths: readonly DocPath[];
}

/** Validates parsed YAML against its kind's schema; every violation becomes one problem with its position. */
export function validateAgainstSchema(source: YamlSource, kind: ConfigFileKind = "root"): SchemaResult {
  const validate = validator(kind);
  if (validate(source.data)) return { problems: [], invalidPaths: [] };
  const problems: ConfigProblem[] = [];
  const invalidPaths: DocPath[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = parsePointer(error.instancePath);
    invalidPaths.push(error.propertyName === undefined ? path : [...path, error.propertyName]);
    const problem = translate(error, source);
    if (problem === undefined) continue;
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return { problems, invalidPaths };
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `tenants.acme.orgs.dev`: a path as the user would name it. */
export function describePath(path: DocPath): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

const EXPECTED_TYPE: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
};

/** Longest part of a value a message quotes. */
const MAX_QUOTED = 80;

/** Control characters (C0, DEL and C1), and halves of surrogate pairs without their other half (`"\uD800"`), which are no characters at all. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
const CONTROL_NAMES: Readonly<Record<number, string>> = { 0: "NUL", 7: "BEL", 8: "backspace", 9: "tab", 10: "line break", 13: "carriage return", 27: "ESC", 127: "DEL" };

/**
 * "control character U+001B (ESC) at character 5; expected text without control characters": the first control
 * character in `value` that `pattern` rejects (a description may hold line breaks, a name may not), and what the
 * pattern accepts; undefined when the value holds none.
 */
function controlCharacterProblem(value: unknown, pattern: string, what: "text" | "a name"): string | undefined {
  if (typeof value !== "string" || !CONTROL_CHARACTER.test(value)) return undefined;
  const accepts = new RegExp(pattern, "u");
  const chars = [...value];
  let index = chars.findIndex((c) => CONTROL_CHARACTER.test(c) && !accepts.test(c));
  if (index < 0) index = chars.findIndex((c) => CONTROL_CHARACTER.test(c));
  const code = chars[index].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const character = code >= 0xd800 && code <= 0xdfff ? `${hex}, half of a surrogate pair without its other half,` : `control character ${hex}${CONTROL_NAMES[code] === undefined ? "" : ` (${CONTROL_NAMES[code]})`}`;
  const fine = accepts.test("\n") && accepts.test("\t") ? " (line breaks and tabs are fine)" : "";
  return `${character} at character ${index + 1}; expected ${what} without control characters${fine}`;
}

function translate(error: ErrorObject, source: YamlSource): ConfigProblem | undefined {
  const path = parsePointer(error.instancePath);
  const where = path.length === 0 ? "The configuration" : `'${describePath(path)}'`;
  const inside = path.length === 0 ? "at the top level" : `in '${describePath(path)}'`;
  const params = error.params as Record<string, unknown>;
  const expected = (error.parentSchema as Record<string, unknown> | undefined)?.["x-expected"] as string | undefined;
  const hidden = new Set([...source.credentialReuse.map((reuse) => reuse.value), ...source.credentialValues]);
  /** A value as a message quotes it: its start only when long, and never a value a credentials field holds. */
  const quoted = (value: unknown): string => {
    const text = String(value);
    if (hidden.has(text)) return "a value not shown";
    const chars = [...text];
    return chars.length > MAX_QUOTED ? `'${chars.slice(0, MAX_QUOTED).join("")}...' (${chars.length} characters)` : `'${text}'`;
  };

  switch (error.keyword) {
    case "propertyNames":
    case "discriminator":
      // Reported by the nested error (the name's pattern, the backend type's enum).
      return undefined;
    case "additionalProperty":
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(((error.parentSchema as { properties?: object }).properties ?? {}) as object);
      if (path[path.length - 1] === "credentials") {
        // A key in the credentials may be a secret written in the wrong place: never quoted, nor suggested from.
        return problemAt(source.locate([...path, key], "key"), `Unknown key ${inside} (not shown: it may be a secret); allowed keys are ${quoteList(allowed, "and")}.`);
      }
      return problemAt(
        source.locate([...path, key], "key"),
        `Unknown key '${key}' ${inside}; allowed keys are ${quoteList(allowed, "and")}.${didYouMean(key, allowed)}`,
      );
    }
    case "required":
      return problemAt(source.locate(path, "key"), `${where} is missing the required key '${String(params.missingProperty)}'.`);
    case "type": {
      const wanted = String(params.type)
        .split(",")
        .map((t) => EXPECTED_TYPE[t] ?? t);
      return problemAt(source.locate(path), `${where} is ${typeName(error.data)}; expected ${wanted.join(" or ")}.`);
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const given = typeof error.data === "string" ? quoted(error.data) : typeName(error.data);
      const hint = typeof error.data === "string" ? didYouMean(error.data, allowed) : "";
      return problemAt(source.locate(path), `${where} is ${given}; expected one of ${quoteList(allowed)}.${hint}`);
    }
    case "const":
      if (path.length === 1 && path[0] === "version") {
        const given = typeof error.data === "number" ? String(error.data) : typeof error.data === "string" ? quoted(error.data) : typeName(error.data);
        return problemAt(source.locate(path), `Unsupported configuration version ${given}; this scopegate reads 'version: 1'.`);
      }
      return problemAt(source.locate(path), `${where} must be ${JSON.stringify(params.allowedValue)}.`);
    case "pattern": {
      const pattern = String(params.pattern);
      if (error.propertyName !== undefined) {
        const name = error.propertyName;
        const control = controlCharacterProblem(name, pattern, "a name");
        if (control !== undefined) return problemAt(source.locate([...path, name], "key"), `A name ${inside} contains ${control}.`);
        return problemAt(source.locate([...path, name], "key"), `Name ${quoted(name)} ${inside} is not valid; expected ${expected ?? `a name matching ${pattern}`}.`);
      }
      const slot = path[path.length - 1];
      if (CREDENTIAL_SLOTS.has(slot)) return literalSecretProblem(source, path);
      const control = controlCharacterProblem(error.data, pattern, "text");
      if (control !== undefined) return problemAt(source.locate(path), `${where} contains ${control}.`);
      return problemAt(source.locate(path), `${where} is ${quoted(error.data)}; expected ${expected ?? `a value matching ${pattern}`}.`);
    }
    case "maxLength":
      if (error.propertyName !== undefined) {
        return problemAt(source.locate([...path, error.propertyName], "key"), `Name ${quoted(error.propertyName)} ${inside} is longer than ${String(params.limit)} characters; expected at most ${String(params.limit)}.`);
      }
      if (CREDENTIAL_SLOTS.has(path[path.length - 1])) return literalSecretProblem(source, path);
      return problemAt(source.locate(path), `${where} is ${[...String(error.data)].length} characters long; expected at most ${String(params.limit)} characters.`);
    case "minLength":
      if (Number(params.limit) > 1) {
        return problemAt(source.locate(path), `${where} is shorter than ${String(params.limit)} characters; expected ${expected ?? `at least ${String(params.limit)} characters`}.`);
      }
      return problemAt(source.locate(path), `${where} is empty; expected a non-empty string.`);
    case "minProperties":
      return problemAt(source.locate(path, "key"), `${where} is empty; expected at least ${String(params.limit)} ${entryNoun(path)}.`);
    case "minItems":
      return problemAt(source.locate(path), `${where} is an empty list; expected at least ${String(params.limit)} item.`);
    case "uniqueItems": {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return problemAt(
        source.locate([...path, second]),
        `${where} lists the same value twice (items ${first + 1} and ${second + 1}); expected each value once.`,
      );
    }
    case "minimum":
    case "maximum": {
      const bound = error.keyword === "minimum" ? "at least" : "at most";
      const given = hidden.has(String(error.data)) ? "a value not shown" : String(error.data);
      return problemAt(source.locate(path), `${where} is ${given}; expected ${bound} ${String(params.limit)}.`);
    }
    default:
      return problemAt(source.locate(path), `${where} ${error.message ?? "is not valid"}.`);
  }
}

function literalSecretProblem(source: YamlSource, path: DocPath): ConfigProblem {
  const slot = String(path[path.length - 1]);
  const example = slot === "clientIdEnv" ? "ACME_DEV_CLIENT_ID" : "ACME_DEV_CLIENT_SECRET";
  const what = slot === "clientIdEnv" ? "client id" : "secret";
  return problemAt(
    source.locate(path),
    `'${describePath(path)}' must be the upper-case name of an environment variable (such as '${example}'); the value found is not one and may be a literal ${what}, so it is not shown. Put the value in an environment variable and write the variable's name here.`,
  );
}

function entryNoun(path: DocPath): string {
  const last = path[path.length - 1];
  if (last === "tenants") return "tenant";
  if (last === "orgs") return "org (one per environment)";
  if (last === "environments") return "environment";
  return "key";
}
