import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempDir } from "../helpers";

/** A folder holding one file `name` with `content`, scanned in-process; its problems on stderr. */
async function scanFolderWith(name: string, content: string | Buffer) {
  const dir = tempDir();
  folders.push(dir);
  fs.mkdirSync(path.join(dir, "tf"));
  fs.writeFileSync(path.join(dir, "tf", name), content);
  return run(["scan", "tf"], { cwd: dir, env: {} });
}
const folders: string[] = [];

describe("scan: files that cannot be read as Terraform exit 2 with file:line:column", () => {
  afterAll(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it.each([
    ["[]", "1:1", "a list"],
    ["null", "1:1", "null"],
    ["42", "1:1", "a number"],
    ['"s"', "1:1", "a string"],
    ['\n  [{ "resource": {} }]', "2:3", "a list"],
  ])("a *.tf.json whose top level is %s", async (json, at, found) => {
    const result = await scanFolderWith("main.tf.json", json);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`tf/main.tf.json:${at}: Terraform JSON is ${found} at the top level; expected an object whose keys are block kinds ('resource', 'data',`);
    expect(result.stderr).not.toContain("internal error");
    expect(result.stdout).toBe("");
  });

  it("a *.tf file that is not UTF-8, at its first bad byte", async () => {
    const text = 'resource "genesyscloud_oauth_client" "bot" {\n  name = "bot"\n  description = "caf\xe9"\n}\n';
    const result = await scanFolderWith("main.tf", Buffer.from(text, "latin1"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tf\/main\.tf:3:21: The file is not UTF-8 from here \(byte \d+ of the file is not part of a UTF-8 character; is the file Latin-1 or Windows-1252\?\); expected a UTF-8 file: save it as UTF-8\.$/m);
    expect(result.stderr).not.toContain("\uFFFD");
  });

  it("a *.tf.json file in UTF-16", async () => {
    const result = await scanFolderWith("main.tf.json", Buffer.from('\uFEFF{ "resource": {} }', "utf16le"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tf/main.tf.json:1:1: The file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8");
  });
});
