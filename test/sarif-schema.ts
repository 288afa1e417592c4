import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { ROOT } from "./helpers";

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/sarif/sarif-2.1.0-rtm.5.json"), "utf8"));
// The schema's `language` pattern has a stray `]` that only a non-unicode RegExp accepts.
const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Why a log is not valid SARIF 2.1.0 (the vendored schema, test/fixtures/sarif), or undefined when it is. */
export function sarifErrors(log: unknown): string | undefined {
  return validate(log) ? undefined : ajv.errorsText(validate.errors);
}

/** A problem of a JSON bad-input report. */
export interface JsonProblem {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}
