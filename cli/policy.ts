import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { ScopegateModel } from "../config/model";
import { evaluate } from "../policies/engine";
import type { Finding } from "../policies/finding";
import type { ReportContext } from "../policies/formatters";
import { RULES } from "../policies/registry";
import type { CliIO } from "./io";

/** Where the rule pages live: `docs/rules/<id>.md` in this package. */
export const RULE_DOCS_DIR = path.resolve(__dirname, "..", "docs", "rules");

let toolVersion: string | undefined;

/** This package's version, for reports; read once, when a report first needs it. */
function version(): string {
  toolVersion ??= (JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8")) as { version: string }).version;
  return toolVersion;
}

/** The IO's day as `YYYY-MM-DD`: today in UTC unless fixed. Waivers expire by it. */
export function today(io: CliIO): string {
  return io.today ?? new Date().toISOString().slice(0, 10);
}

/** Runs every rule over the model, on the IO's day for waiver expiry. */
export function runPolicies(model: ScopegateModel, io: CliIO): Finding[] {
  return evaluate(model, { today: today(io) });
}

/**
 * What reports link to: `SCOPEGATE_DOCS_URL` + `<id>.md` when set (for example the rule pages on your Git host),
 * else the `file:` URI of the page in this installation.
 */
export function reportContext(source: string, io: CliIO): ReportContext {
  const base = io.env.SCOPEGATE_DOCS_URL;
  return {
    rules: RULES,
    source,
    get toolVersion() {
      return version();
    },
    docsUri: (ruleId) => (base ? `${base.replace(/\/?$/, "/")}${ruleId}.md` : pathToFileURL(path.join(RULE_DOCS_DIR, `${ruleId}.md`)).href),
  };
}
