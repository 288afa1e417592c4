import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, ROOT, run, tempDir } from "../helpers";

function scopegate(argv: string[], cwd = ROOT) {
  return run(argv, { cwd, env: {}, today: "2026-11-21" });
}

const PROMOTE = ["promote", "--from", "dev", "--to", "prod"];

describe("promote re-reads the configuration as the configuration reader does", () => {
  it("accepts an anchor used more than 100 times, as check does", async () => {
    const dir = tempDir();
    const yaml = config({ clients: [BOT_CONNECTOR.replace("bot-connector:", "bot-0: &bot"), ...Array.from({ length: 101 }, (_, i) => `bot-${i + 1}: *bot`)].join("\n") });
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    fs.writeFileSync(path.join(dir, "base.yaml"), yaml);
    expect((await scopegate(["check"], dir)).code).not.toBe(2);
    for (const extra of [[], ["--changed-since", "base.yaml"]]) {
      const result = await scopegate([...PROMOTE, ...extra, "--format", "json"], dir);
      expect(result.stderr).not.toContain("internal error");
      expect(result.code).not.toBe(2);
      expect(() => JSON.parse(result.stdout)).not.toThrow();
    }
  });

  it("--changed-since with a base identical to a configuration using merge keys reports nothing changed", async () => {
    const dir = tempDir();
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  <<: &staged { only: [dev] }` });
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    fs.writeFileSync(path.join(dir, "base.yaml"), yaml);
    const result = await scopegate([...PROMOTE, "--changed-since", "base.yaml", "--format", "json"], dir);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).tenants).toEqual([]);
  });

  it("--write never says 'nothing written' for a change the report shows in a merged 'only'", async () => {
    const dir = tempDir();
    const yaml = config({ clients: `${BOT_CONNECTOR}\n  <<: &staged { only: [dev] }` });
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    const result = await scopegate([...PROMOTE, "--write"], dir);
    expect(result.stderr).not.toContain("nothing written");
    expect(result.stderr).toMatch(/merge key/);
    expect(result.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "scopegate.yaml"), "utf8")).toBe(yaml);
  });

  it.each([
    ["UTF-16 with a byte order mark", (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16 without a byte order mark", (text: string) => Buffer.from(text, "utf16le")],
    ["Latin-1", (text: string) => Buffer.from(`${text}# caf\u00e9\n`, "latin1")],
    ["NUL bytes", (text: string) => Buffer.from(`${text}\0\n`)],
  ])("--changed-since with a base in %s is bad input, not 'everything changed'", async (_, encode) => {
    const dir = tempDir();
    const yaml = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    fs.writeFileSync(path.join(dir, "base.yaml"), encode(yaml));
    const result = await scopegate([...PROMOTE, "--changed-since", "base.yaml"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/base\.yaml.*not UTF-8/);
    expect(result.stderr).not.toContain("internal error");
  });
});
