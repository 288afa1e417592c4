import type { Finding } from "../policies/finding";
import type { Format, ReportContext } from "./context";
import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";

export { FORMATS, type Format, isFormat, type ReportContext } from "./context";

const FORMATTERS: Readonly<Record<Format, (findings: readonly Finding[], context: ReportContext) => string>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
};


/** The findings (already sorted by `sortFindings`) in a format, as text ending with a newline. */
export function formatFindings(format: Format, findings: readonly Finding[], context: ReportContext): string {
  return FORMATTERS[format](findings, context);
}
