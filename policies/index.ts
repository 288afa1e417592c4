/**
 * scopegate's policy engine, without cdktf: run the rules over a model (from `loadConfig` of the main entry, or from
 * Terraform a scan read), and write the findings in any report format.
 */
export { evaluate, evaluateWithSkips, type EvaluateOptions, type Evaluation } from "./engine";
export type { Finding, SkipNote } from "./finding";
export { FORMATS, type Format, formatFindings, isFormat, type ReportContext } from "../formatters";
export { RULES } from "./registry";
export type { Rule } from "./rule";
