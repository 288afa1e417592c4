import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_CONNECTOR, config, ROOT, run, tempDir } from "../helpers";
import { formatFindings } from "../../formatters";

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

describe("writing output files: a path that cannot be written is bad input, never an internal error", () => {
  /** A directory holding the repository's configuration, a regular file 'afile' and a dangling symlink 'danglink'. */
  function workspace(): string {
    const dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "scopegate.yaml"));
    fs.writeFileSync(path.join(dir, "afile"), "");
    fs.symlinkSync(path.join(dir, "nowhere"), path.join(dir, "danglink"));
    return dir;
  }
  const long = "n".repeat(300);

  it.each([
    [["check", "--format", "sarif", "--output", "afile/r.sarif"], /cannot write 'afile\/r\.sarif': 'afile' is a file; expected a directory/],
    [[...PROMOTE, "--format", "json", "--output", "afile/r.json"], /cannot write 'afile\/r\.json': 'afile' is a file; expected a directory/],
    [["check", "--format", "sarif", "--output", long], /cannot write 'n+\.\.\.': a name in it is 300 bytes; expected names of at most 255 bytes/],
    [[...PROMOTE, "--output", `${long}.txt`], /a name in it is 304 bytes; expected names of at most 255 bytes/],
    [["synth", "--out", "danglink/x"], /Output directory 'danglink\/x' cannot be created: 'danglink' is a symbolic link to nothing/],
    [["synth", "--out", "/proc/self/x"], /cannot write output directory '\/proc\/self\/x' \(E[A-Z]+\); expected a directory path/],
    [["synth", "--out", long], /has a name of 300 bytes .*expected names of at most 230 bytes/],
  ])("%j", async (argv, message) => {
    const dir = workspace();
    const before = fs.readdirSync(dir).sort();
    const result = await scopegate(argv, dir);
    expect(result.stderr).not.toContain("internal error");
    expect(result.stderr).toMatch(message);
    // One line saying what is wrong (a usage error adds where to read the usage).
    expect(result.stderr.split("\n")[0]).toMatch(message);
    expect(result.code).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it("synth refuses a cdktf.out that is a dangling symbolic link", async () => {
    const dir = workspace();
    fs.symlinkSync(path.join(dir, "gone"), path.join(dir, "cdktf.out"));
    const result = await scopegate(["synth"], dir);
    expect(result.stderr).toMatch(/^scopegate synth: Output directory 'cdktf\.out' is a symbolic link to nothing .*expected a directory, or no file at all\. Nothing was written\.\n$/);
    expect(result.code).toBe(2);
    expect(fs.existsSync(path.join(dir, "gone"))).toBe(false);
  });
});

describe("control characters in file names never reach the output raw", () => {
  const name = "g\u001b[31mgood.yaml";

  it.each([
    [["check", "--format", "github"]],
    [["check", "--format", "markdown"]],
    [["check", "--format", "text"]],
    [[...PROMOTE]],
    [[...PROMOTE, "--format", "markdown"]],
    [[...PROMOTE, "--changed-since", "base.yaml"]],
    [[...PROMOTE, "--changed-since", "base.yaml", "--format", "markdown"]],
  ])("%j with a --config named with an ESC", async (argv) => {
    const dir = tempDir();
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, name));
    fs.copyFileSync(path.join(ROOT, "scopegate.yaml"), path.join(dir, "base.yaml"));
    const result = await scopegate([...argv, "--config", name], dir);
    expect(result.stderr).not.toContain("internal error");
    expect(result.stdout).not.toContain("\u001b");
    expect(result.stderr).not.toContain("\u001b");
    expect(result.stdout).toContain("\\u001b");
  });

  it("check --format github escapes a scanned file's name in its annotations", () => {
    const finding = { ruleId: "r", messageId: "m", severity: "error", message: "bad", file: "a\u001bb.yaml", line: 1, column: 1, tenant: "acme", target: "x", data: {}, waived: false };
    const output = formatFindings("github", [finding] as never, { source: "c\u009bd", docsUri: () => "https://example.com" } as never);
    expect(output).not.toMatch(/[\u001b\u009b]/);
    expect(output).toContain("file=a\\u001bb.yaml");
  });
});
