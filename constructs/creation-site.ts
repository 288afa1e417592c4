import * as path from "node:path";
import type { SourceLocation } from "../model/model";

/**
 * Where the code that created a construct is: the first stack frame outside scopegate's own constructs and outside
 * `node_modules`, relative to the working directory, so a finding on a construct written in code names the user's
 * TypeScript file and line (with source maps on, as tsx and ts-node run them). Returns a function that gives it
 * (`undefined` when no such frame is known); read it with `siteOf`. After `setDeclaredSite`, the site set there, and no
 * trace is captured.
 */
export function creationSite(): CreationSite {
  // The YAML app's constructs are located where the configuration declares them, which costs nothing to capture.
  if (declared !== undefined) return declared;
  // The trace is captured now and read (formatted) only if asked.
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, creationSite);
  let site: SourceLocation | undefined | null = null;
  return () => (site === null ? (site = siteIn(holder.stack ?? "")) : site);
}

/** A creation site: known (a location), or found in a stack trace when asked (see `siteOf`). */
export type CreationSite = SourceLocation | (() => SourceLocation | undefined);

/** Where a construct was created, if known. */
export function siteOf(site: CreationSite): SourceLocation | undefined {
  return typeof site === "function" ? site() : site;
}

let declared: SourceLocation | undefined;

/**
 * Makes `at` the creation site of the constructs created from now on (see `creationSite`), until set again; returns the
 * site it replaces, to be set back (in a `finally`) once they are created.
 */
export function setDeclaredSite(at: SourceLocation | undefined): SourceLocation | undefined {
  const previous = declared;
  declared = at;
  return previous;
}

function siteIn(stack: string): SourceLocation | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match === null) continue;
    const file = match[1].replace(/^file:\/\//, "");
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`) || path.dirname(file) === __dirname) continue;
    return { file: path.relative(process.cwd(), file) || file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
