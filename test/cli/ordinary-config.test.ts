import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load";
import { evaluateWithSkips } from "../../policies/engine";
import { ROOT, run } from "../helpers";

/**
 * A configuration a platform team writes every day, from the README only: it must pass. Each line of it was a false
 * finding once: dev, test and prod in one region (env-isolation), nonprod tokens shorter than prod's (prod-stricter),
 * a native app's redirect URIs (redirect-uris) and a division name only prod's org has (promotion-drift). Its
 * client-credentials clients hold roles it declares, so every rule can check them.
 */
const ORDINARY = path.join("test", "fixtures", "ordinary", "scopegate.yaml");

describe("an ordinary configuration", () => {
  it("passes check with exit 0 and no finding, in text and JSON", async () => {
    const text = await run(["check", "--config", ORDINARY], { cwd: ROOT, env: {}, today: "2026-11-30" });
    expect(text.stderr).toBe("");
    expect(text.stdout).toBe(`scopegate: no findings in ${ORDINARY}\n`);
    expect(text.code).toBe(0);
    const json = await run(["check", "--config", ORDINARY, "--format", "json"], { cwd: ROOT, env: {}, today: "2026-11-30" });
    expect(JSON.parse(json.stdout).findings).toEqual([]);
  });

  it("is checked whole: no rule had to leave anything out (every role a client holds is declared)", () => {
    const loaded = loadConfig(ORDINARY, path.join(ROOT, ORDINARY));
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
    const { findings, skipped } = evaluateWithSkips(loaded.model, { today: "2026-11-30" });
    expect(findings).toEqual([]);
    expect(skipped).toEqual([]);
  });

  it("is shaped as the cases it stands for", () => {
    const yaml = fs.readFileSync(path.join(ROOT, ORDINARY), "utf8");
    expect(yaml.match(/region: us-east-1\n/g)?.length).toBeGreaterThanOrEqual(3);
    expect(yaml).toContain("dev: { tokenValiditySeconds: 900 }");
    expect(yaml).toContain("com.initech.agentdesk:/oauth2redirect");
    expect(yaml).toContain("prod: { roles: [{ role: Analytics Reader, division: Reporting US }] }");
    // Roles as code, and no scopes on client-credentials clients (Genesys ignores them).
    expect(yaml).toMatch(/^roles:\n {2}Analytics Reader:\n/m);
    expect(yaml.match(/grant: CLIENT-CREDENTIALS\n(?: {8}\S.*\n)*? {8}scopes:/g)).toBeNull();
  });
});
