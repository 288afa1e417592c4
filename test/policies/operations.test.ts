import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCatalog, isStandardPermission, operationCatalog, type VendoredIndex, type VendoredRow } from "../../policies/operations";
import { BUILTIN_PROFILES } from "../../policies/profiles";
import { config, ROOT, tempDir } from "../helpers";

const catalog = operationCatalog();
const DATA = path.join(ROOT, "policies", "data", "api-operations");

describe("the operations catalog", () => {
  it("holds every operation of the vendored SDK docs, with ANY/ALL/NONE as they state it", () => {
    const types = catalog.operations.map((operation) => operation.permissions.type);
    expect(types).toHaveLength(3280);
    expect(types.filter((type) => type === "ANY")).toHaveLength(2071);
    expect(types.filter((type) => type === "ALL")).toHaveLength(851);
    expect(types.filter((type) => type === "NONE")).toHaveLength(358);
    const index = JSON.parse(fs.readFileSync(path.join(DATA, "index.json"), "utf8"));
    expect(index.source.version).toBe("259.0.0");
    for (const [shard, count] of Object.entries(index.shards)) expect(JSON.parse(fs.readFileSync(path.join(DATA, `${shard}.json`), "utf8")), shard).toHaveLength(count as number);
  });

  it("has the facts PROVIDER.md quotes from the API definition", () => {
    expect(catalog.find("POST /api/v2/analytics/conversations/details/jobs")).toMatchObject({
      permissions: { type: "ANY", list: ["analytics:conversationDetail:view", "analytics:agentConversationDetail:view"] },
      scopes: ["analytics", "analytics:readonly"],
    });
    expect(catalog.find("PUT /api/v2/integrations/botconnector/{integrationId}/bots")).toMatchObject({ permissions: { list: ["integration:botconnector:edit"] }, scopes: ["textbots"] });
    expect(catalog.find("POST /api/v2/textbots/botflows/sessions")).toMatchObject({ permissions: { list: ["textbots:botFlowSession:execute"] }, scopes: ["textbots"] });
    expect(catalog.find("POST /api/v2/oauth/clients")).toMatchObject({ permissions: { list: ["oauth:client:add"] }, scopes: ["oauth"] });
    expect(catalog.find("GET /api/v2/users")).toMatchObject({ permissions: { type: "NONE", list: [] }, scopes: ["users", "users:readonly"] });
  });

  it("finds an operation by SDK operation id, by other path-parameter names and by lower-case method", () => {
    const key = "GET /api/v2/analytics/conversations/details/jobs/{jobId}";
    expect(catalog.find("getAnalyticsConversationsDetailsJob")?.key).toBe(key);
    expect(catalog.find("get /api/v2/analytics/conversations/details/jobs/{id}")?.key).toBe(key);
    expect(catalog.find("  GET   /api/v2/analytics/conversations/details/jobs/{x}/ ")?.key).toBe(key);
    expect(catalog.find("getUser")?.key).toBe("GET /api/v2/users/{userId}");
  });

  it("finds nothing for a name it does not have, and suggests the nearest for a typo", () => {
    for (const name of ["GET /api/v2/user", "POST /api/v2/analytics/conversations/detail/jobs", "/api/v2/users", "getNothingAtAll", "", "GET users"]) expect(catalog.find(name), name).toBeUndefined();
    expect(catalog.nearest("POST /api/v2/analytics/conversations/detail/jobs")).toBe("POST /api/v2/analytics/conversations/details/jobs");
    expect(catalog.nearest("postAnalyticsConversationDetailsJobs")).toBe("postAnalyticsConversationsDetailsJobs");
    expect(catalog.nearest("completely unrelated words here")).toBeUndefined();
  });

  it("knows which operations' scopes it does not know (preview operations among them)", () => {
    const preview = catalog.find("POST /api/v2/integrations/botconnectors/incoming/messages");
    expect(preview).toMatchObject({ preview: true, scopes: undefined });
    expect(catalog.find("GET /api/v2/presencedefinitions")).toMatchObject({ deprecated: true });
  });

  it("tells role permissions from the docs' prose and legacy entries", () => {
    expect(isStandardPermission("analytics:conversationDetail:view")).toBe(true);
    expect(isStandardPermission("integration:botconnector:*")).toBe(true);
    for (const odd of ["admin", "content_management_user", "They are enforced by the backend", "a:b", "a:b:c:d"]) expect(isStandardPermission(odd), odd).toBe(false);
    expect(catalog.permissionNames.filter((name) => !isStandardPermission(name))).toEqual(["They are enforced by the backend", "admin", "content_management_user"]);
  });
});

describe("built-in profiles", () => {
  it("carry their operations exactly as the catalog has them, so a check with built-ins reads no catalog file", () => {
    for (const [name, profile] of Object.entries(BUILTIN_PROFILES)) {
      for (const operation of profile.operations) expect(operation, `${name}: ${operation.key}`).toEqual(catalog.find(operation.key));
    }
  });

  it("stand for real operations, each with a one-line source, except the scope-family web-messaging", () => {
    for (const [name, profile] of Object.entries(BUILTIN_PROFILES)) {
      if (name === "web-messaging") continue;
      expect(profile.operations.length, name).toBeGreaterThan(0);
      expect(profile.source, name).toMatch(/^Platform API/);
    }
    expect(Object.keys(BUILTIN_PROFILES)).not.toContain("guest-tokens");
  });
});

describe("what a cold check reads of the catalog", () => {
  /** The catalog files a `check` of `yaml` loads, in a fresh process. */
  function catalogFilesReadBy(yaml: string): string[] {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "scopegate.yaml"), yaml);
    const probe = `const { runCli } = require("./cli/main.ts");
      const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: ${JSON.stringify(dir)} };
      runCli(["check"], io).then((code) => {
        const files = Object.keys(require.cache).filter((file) => /api-operations[\\\\/]/.test(file)).map((file) => file.split(/[\\\\/]/).pop());
        console.log(JSON.stringify({ code, files: files.sort() }));
      });`;
    const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", probe], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    const { code, files } = JSON.parse(result.stdout);
    expect(code).toBe(0);
    return files;
  }

  // A spawned process never runs a mutant: `npm run mutate` skips it (vitest.mutation.config.mts).
  it.skipIf(process.env.SCOPEGATE_MUTATION_RUN === "1")("reads none of it for built-in capabilities, and only the files of the operations a profile names", () => {
    const clients = `sync:\n  grant: CLIENT-CREDENTIALS\n  capabilities: [directory-sync]\n  roles: [{ role: Sync }]`;
    expect(catalogFilesReadBy(config({ clients, top: "roles:\n  Sync:\n    permissions: [directory:user:view]" }))).toEqual([]);
    const declared = `profiles:\n  export:\n    operations: [getUsers, POST /api/v2/analytics/conversations/details/jobs]\nroles:\n  Sync:\n    permissions: [analytics:conversationDetail:view]`;
    expect(catalogFilesReadBy(config({ clients: clients.replace("directory-sync", "export"), top: declared }))).toEqual(["analytics.json", "index.json", "users.json"]);
  });
});

describe("requests as logs show them", () => {
  it("match the template they fit, preferring literal segments, only when asked (access does; a configuration names templates)", () => {
    expect(catalog.find("GET /api/v2/users/8f1c2d", { concrete: true })?.key).toBe("GET /api/v2/users/{userId}");
    expect(catalog.find("GET /api/v2/users/me", { concrete: true })?.key).toBe("GET /api/v2/users/me");
    expect(catalog.find("GET https://api.mypurecloud.ie/api/v2/users/8f1c2d?expand=presence", { concrete: true })?.key).toBe("GET /api/v2/users/{userId}");
    expect(catalog.find("POST /api/v2/users/8f1c2d", { concrete: true })).toBeUndefined();
    expect(catalog.find("GET /api/v2/users/8f1c2d")).toBeUndefined();
    expect(catalog.nearest("GET /api/v2/users/8f1c2d")).toBe("GET /api/v2/users/{userId}");
  });

  it("finds an operation id written without its capitals", () => {
    expect(catalog.find("getusers")?.key).toBe("GET /api/v2/users");
  });
});

/** Vendored rows for a small catalog: shards listed out of name order, rows out of key order. */
const ROWS: Readonly<Record<string, readonly VendoredRow[]>> = {
  users: [
    ["GET /api/v2/users/{userId}/queues", "getUserQueues", "ANY", ["routing:queue:view", "admin"], ["users"], 0],
    ["GET /api/v2/users/{userId}/{part}", "getUserPart", "NONE", [], [], 1],
    ["GET /api/v2/users/me/{part}", "getUserMePart", "ALL", ["directory:user:view"], null, 2],
    ["DELETE /api/v2/users/{userId}", "deleteUser", "ALL", ["directory:user:delete", "routing:queue:view"], ["users"], 3],
  ],
  groups: [
    ["GET /api/v2/groups/{groupId}/members", "getGroupMembers", "ANY", ["directory:group:view"], ["groups:readonly"], 0],
    ["GET /api/v2/groups/{groupId}/{part}", "getGroupPart", "ANY", ["directory:group:view", "admin"], ["groups"], 0],
  ],
};
const INDEX: VendoredIndex = { source: { version: "1.2.3", date: "2026-01-02T03:04:05+00:00" }, shards: { users: 4, groups: 2 } };

/** A fresh catalog over `ROWS`, and the shards it has read so far, in order. */
function smallCatalog() {
  const read: string[] = [];
  return { catalog: buildCatalog(INDEX, (name) => (read.push(name), ROWS[name])), read };
}

/** A fresh catalog over the vendored data, and the files it has read so far, in order. */
function vendoredCatalog() {
  const read: string[] = [];
  const dir = "../../policies/data/api-operations";
  return { catalog: buildCatalog(require(`${dir}/index.json`), (name) => (read.push(name), require(`${dir}/${name}.json`))), read };
}

describe("a catalog over vendored rows", () => {
  it("reads each row's permissions, scopes and flags (1: preview, 2: deprecated)", () => {
    const { catalog } = smallCatalog();
    expect(catalog.find("GET /api/v2/users/{id}/queues")).toEqual({
      key: "GET /api/v2/users/{userId}/queues",
      operationId: "getUserQueues",
      permissions: { type: "ANY", list: ["routing:queue:view", "admin"] },
      scopes: ["users"],
      preview: false,
      deprecated: false,
    });
    expect(catalog.find("getUserPart")).toMatchObject({ permissions: { type: "NONE", list: [] }, scopes: [], preview: true, deprecated: false });
    expect(catalog.find("getUserMePart")).toMatchObject({ scopes: undefined, preview: false, deprecated: true });
    expect(catalog.find("deleteUser")).toMatchObject({ preview: true, deprecated: true });
  });

  it("lists every operation in key order, every permission once and sorted, and the SDK version with the day it is from", () => {
    const { catalog } = smallCatalog();
    expect(catalog.operations.map((operation) => operation.key)).toEqual([
      "DELETE /api/v2/users/{userId}",
      "GET /api/v2/groups/{groupId}/members",
      "GET /api/v2/groups/{groupId}/{part}",
      "GET /api/v2/users/me/{part}",
      "GET /api/v2/users/{userId}/queues",
      "GET /api/v2/users/{userId}/{part}",
    ]);
    expect(catalog.permissionNames).toEqual(["admin", "directory:group:view", "directory:user:delete", "directory:user:view", "routing:queue:view"]);
    expect(catalog.version).toBe("SDK 1.2.3, 2026-01-02");
  });

  it("matches a concrete path to the template with the most literal segments, whichever comes first", () => {
    const { catalog } = smallCatalog();
    const keyOf = (name: string) => catalog.find(name, { concrete: true })?.key;
    expect(keyOf("GET /api/v2/users/me/settings")).toBe("GET /api/v2/users/me/{part}");
    expect(keyOf("GET /api/v2/users/8f1c/settings")).toBe("GET /api/v2/users/{userId}/{part}");
    expect(keyOf("GET /api/v2/groups/g1/members")).toBe("GET /api/v2/groups/{groupId}/members");
    expect(keyOf("GET /api/v2/groups/g1/owners")).toBe("GET /api/v2/groups/{groupId}/{part}");
  });

  it("reads a request as logs show it: any case and spacing, http or https, trailing slashes, query and fragment", () => {
    const { catalog } = smallCatalog();
    const keyOf = (name: string) => catalog.find(name, { concrete: true })?.key;
    expect(keyOf("  get  http://api.example/api/v2/groups/g1/members?expand=owners#top  ")).toBe("GET /api/v2/groups/{groupId}/members");
    expect(keyOf("GET https://api.example/api/v2/groups/g1/members?expand=owners")).toBe("GET /api/v2/groups/{groupId}/members");
    expect(keyOf("GET /api/v2/groups/g1/members//")).toBe("GET /api/v2/groups/{groupId}/members");
    expect(keyOf("GET /api/v2/groups/g1/members/x")).toBeUndefined();
  });

  it("finds an operation id with surrounding spaces, reading only the files its first word starts", () => {
    const users = vendoredCatalog();
    expect(users.catalog.find(" getUsers ")?.key).toBe("GET /api/v2/users");
    expect(users.read).toEqual(["users"]);
    // `user` starts two files' names.
    const user = vendoredCatalog();
    expect(user.catalog.find("getUser")?.key).toBe("GET /api/v2/users/{userId}");
    expect(user.read).toEqual(["userrecordings", "users"]);
  });
});
