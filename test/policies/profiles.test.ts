import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../config/load";
import type { ScopegateModel } from "../../model/model";
import { operationCatalog } from "../../policies/operations";
import { BUILTIN_PROFILES, permittedScopeEntries, resolveProfiles } from "../../policies/profiles";
import { BOT_CONNECTOR, config } from "../helpers";

/** The model of a configuration with these `profiles:` (YAML under the key). */
function modelWith(profiles: string): ScopegateModel {
  const loaded = loadConfigText("case.yaml", config({ clients: BOT_CONNECTOR, top: `profiles:\n${profiles}` }));
  if (!loaded.ok) throw new Error(loaded.problems.map((problem) => problem.message).join("\n"));
  return loaded.model;
}

describe("profiles in effect", () => {
  it("are the built-in ones, with a declared profile as written: operations as the catalog has them, scope entries, permissions and refresh window", () => {
    const model = modelWith(
      [
        "  crm-sync:",
        "    description: Reads users into the CRM.",
        "    operations: [getUsers, POST /api/v2/users/search]",
        "    scopes: { require: [users:readonly], allow: [users:*, presence:readonly] }",
        "    permissions: [directory:user:view]",
        "    refreshWindowSeconds: 120",
      ].join("\n"),
    );
    const profiles = resolveProfiles(model);
    expect([...profiles.keys()]).toEqual([...Object.keys(BUILTIN_PROFILES), "crm-sync"]);
    expect(profiles.get("crm-sync")).toEqual({
      name: "crm-sync",
      description: "Reads users into the CRM.",
      operations: [operationCatalog().find("GET /api/v2/users"), operationCatalog().find("POST /api/v2/users/search")],
      require: ["users:readonly"],
      allow: ["users:*", "presence:readonly"],
      permissions: ["directory:user:view"],
      refreshWindowSeconds: 120,
      declaredAt: model.profiles[0].loc,
    });
    expect(profiles.get("bot-connector")).toEqual({ ...BUILTIN_PROFILES["bot-connector"], name: "bot-connector", declaredAt: undefined });
  });

  it("describe a declared profile without a description by where it was declared", () => {
    const profiles = resolveProfiles(modelWith("  crm-sync: { scopes: { allow: [users:readonly] } }"));
    expect(profiles.get("crm-sync")).toMatchObject({ description: "Declared under 'profiles:' as 'crm-sync'.", operations: [], allow: ["users:readonly"] });
  });

  it("let a declared profile replace a built-in one of the same name", () => {
    const profiles = resolveProfiles(modelWith("  bot-connector: { permissions: [integration:botconnector:view] }"));
    expect(profiles.get("bot-connector")).toMatchObject({ operations: [], require: [], allow: [], permissions: ["integration:botconnector:view"], declaredAt: expect.anything() });
  });

  it("skip an operation the catalog does not have (the config loader reports it)", () => {
    const model = modelWith("  crm-sync: { operations: [getUsers] }");
    const profile = model.profiles[0];
    const scanned = { ...model, profiles: [{ ...profile, operations: [...profile.operations, { ...profile.operations[0], value: "getNoSuchThing" }] }] };
    expect(resolveProfiles(scanned).get("crm-sync")?.operations).toEqual([operationCatalog().find("getUsers")]);
  });
});

describe("the scopes a profile permits", () => {
  it("are its required names (not its required patterns), its allow entries and its operations' scopes", () => {
    const profile = resolveProfiles(modelWith("  crm-sync:\n    operations: [getUsers]\n    scopes: { require: [analytics:*, presence:readonly, '*:readonly'], allow: [conversations:readonly] }")).get("crm-sync");
    expect(permittedScopeEntries(profile!)).toEqual(["presence:readonly", "conversations:readonly", "users", "users:readonly"]);
  });

  it("are none for an operation whose scopes the catalog does not know", () => {
    const profile = resolveProfiles(modelWith("  bot-relay: { operations: [POST /api/v2/integrations/botconnectors/incoming/messages] }")).get("bot-relay");
    expect(permittedScopeEntries(profile!)).toEqual([]);
  });
});
