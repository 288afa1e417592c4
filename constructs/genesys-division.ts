import type { DivisionRef } from "../model/model";

/** The division a role is granted in: the org's home division, every division, or a division looked up by name. */
export class GenesysDivision {
  /** The org's home division (looked up with `data.genesyscloud_auth_division_home`). */
  public static readonly HOME = new GenesysDivision({ kind: "home" });
  /** Every division (`division_id = "*"`); `division-wildcard` reports it on privileged roles. */
  public static readonly ALL = new GenesysDivision({ kind: "all" });

  /** A division by its name in the org (looked up with `data.genesyscloud_auth_division`: names, not ids, travel between orgs). */
  public static named(name: string): GenesysDivision {
    return new GenesysDivision({ kind: "name", name });
  }

  private constructor(
    /** How scopegate's model names the division. */
    public readonly ref: DivisionRef,
  ) {}
}
