/** Where something was written: the bottom of the model, which every reader and rule shares. */

/** A position in a source file; line and column are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A value and where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly loc: SourceLocation;
  /**
   * The Terraform expression the value was read through, when a scan found a reference rather than a literal
   * (`data.genesyscloud_auth_role.bot.id`). The value is then what the scanner resolved it to (the role's name), or
   * the expression itself where it could not. Undefined for literals and for everything read from YAML.
   */
  readonly reference?: string;
}
