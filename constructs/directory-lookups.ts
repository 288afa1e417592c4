import { Construct } from "constructs";
import { DataGenesyscloudAuthDivision } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-division";
import { DataGenesyscloudAuthDivisionHome } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-division-home";
import { DataGenesyscloudAuthRole } from "../.gen/providers/genesyscloud/data-genesyscloud-auth-role";
import type { DivisionRef } from "../model/model";
import { foldRoleName } from "../policies/builtin-roles";
import { identifierFrom, templateText } from "./hcl";

/**
 * Role and division lookups by name in one org, created on first use and shared by every client of the stack, so
 * each name is looked up once. Ids differ from org to org; a lookup by name is what makes a config portable.
 */
export class DirectoryLookups extends Construct {
  /** Ids of the roles the stack creates itself, by name: used instead of a lookup. */
  private readonly created: Map<string, string>;
  /** The id of each role and division looked up, by name: one reference each (cdktf captures a stack trace per reference). */
  private readonly roles = new Map<string, string>();
  private readonly divisions = new Map<string, string>();
  private readonly usedIds = new Set<string>();
  private homeId: string | undefined;

  constructor(scope: Construct, id: string, props: { readonly createdRoleIds?: ReadonlyMap<string, string> } = {}) {
    super(scope, id);
    this.created = new Map(props.createdRoleIds ?? []);
  }

  /**
   * @internal The name of a role already looked up that Genesys Cloud would take for `name` (names compare without
   * case and surrounding spaces), if any.
   */
  lookedUpRole(name: string): string | undefined {
    return [...this.roles.keys()].find((looked) => foldRoleName(looked) === foldRoleName(name));
  }

  /** Grants of the role with this name get `id` (the stack's own role) instead of a lookup from now on. */
  useCreatedRole(name: string, id: string): void {
    this.created.set(name, id);
  }

  /** The id of the role with this name: the stack's own role resource, else `data.genesyscloud_auth_role.role_<name>.id`. */
  roleId(name: string): string {
    const created = this.created.get(name);
    if (created !== undefined) return created;
    let id = this.roles.get(name);
    if (id === undefined) {
      const logicalId = this.uniqueId(`role_${identifierFrom(name)}`);
      const role = new DataGenesyscloudAuthRole(this, logicalId, { name: templateText(name) });
      role.overrideLogicalId(logicalId);
      this.roles.set(name, (id = role.id));
    }
    return id;
  }

  /** The `division_id` of a role grant: the home division's id, `*` for all divisions, or a looked-up division's id. */
  divisionId(division: DivisionRef): string {
    switch (division.kind) {
      case "all":
        return "*";
      case "home":
        if (this.homeId === undefined) {
          const home = new DataGenesyscloudAuthDivisionHome(this, "HomeDivision");
          home.overrideLogicalId("home");
          this.homeId = home.id;
        }
        return this.homeId;
      case "name": {
        let id = this.divisions.get(division.name);
        if (id === undefined) {
          const logicalId = this.uniqueId(`division_${identifierFrom(division.name)}`);
          const found = new DataGenesyscloudAuthDivision(this, logicalId, { name: templateText(division.name) });
          found.overrideLogicalId(logicalId);
          this.divisions.set(division.name, (id = found.id));
        }
        return id;
      }
    }
  }

  /** Names that differ only in case or punctuation ("CRM Sync", "crm-sync") get a numbered address. */
  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.usedIds.has(id); n++) id = `${base}_${n}`;
    this.usedIds.add(id);
    return id;
  }
}
