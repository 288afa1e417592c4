import { isDeepStrictEqual } from "node:util";
import type { Node, Pair, Scalar, YAMLMap } from "yaml";
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, stringify } from "yaml";
import type { RawConfig, RawOAuthClient } from "./raw-config";
import { clientExistsIn, isOverridden, PROMOTED_CLIENT_KEYS, settingIn } from "./raw-config";
import { parseWithUniqueKeys } from "./yaml-source";

/**
 * `scopegate promote --write`: edits the configuration text so that the target environment declares what the source
 * declares. A client limited with `only:` gains the target; promoted settings (capabilities, scopes, roles, rotation,
 * state) that the source overrides move into the client's base declaration; per-environment settings, and promoted
 * settings the target declares for itself (its own division names, more rotation copies), stay as they are. The edit touches only the lines it must, so comments, key order and formatting elsewhere survive; it is
 * checked against the intended data before it is returned, so a case it cannot edit faithfully fails instead of
 * writing something else.
 */

/**
 * Read as the configuration reader (config/yaml-source.ts) reads: merge keys, unique keys, strict. The text was already
 * loaded, and its alias expansion bounded, by that reader, so the yaml library's own alias-count limit is lifted.
 */
/** Read as the configuration is read: merge keys, strict, every key unique (`parseWithUniqueKeys`). */
const READ_OPTIONS = { merge: true, strict: true } as const;

/** What `--write` did, for the report. */
export interface PromotionEdit {
  readonly text: string;
  /** One line per change made, such as `acme/crm-sync: added 'prod' to only`. */
  readonly applied: readonly string[];
  /** What it deliberately left for a person: clients only the target has (deleting them cuts integrations off). */
  readonly leftAlone: readonly string[];
}

/** A configuration `--write` cannot edit faithfully (aliases, unusual layout); nothing is written. */
export class PromotionEditError extends Error {
  /** The client whose edit failed, when the failure is about one: the CLI reports it at the client's position. */
  client?: { readonly tenant: string; readonly key: string };
}

/** Client keys in the order the schema documents them; a key `--write` adds goes where this order puts it. */
const CLIENT_KEY_ORDER = ["name", "description", "grant", "capabilities", "scopes", "roles", "redirectUris", "tokenValiditySeconds", "rotation", "exposeSecret", "secretDirectory", "state", "only", "environments"];

/** Values a promoted setting has when a client does not declare it. */
const DEFAULTS: Readonly<Record<(typeof PROMOTED_CLIENT_KEYS)[number], unknown>> = { capabilities: [], scopes: [], roles: [], rotation: 1, state: "active" };

interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Edits `original` (a configuration that loads) to promote `from` to `to` for the given tenants. */
export function promoteInText(original: string, from: string, to: string, tenants: readonly string[]): PromotionEdit {
  const editing: { client?: { readonly tenant: string; readonly key: string } } = {};
  try {
    return editText(original, from, to, tenants, editing);
  } catch (error) {
    if (error instanceof PromotionEditError) error.client ??= editing.client;
    throw error;
  }
}

/** `promoteInText`, saying in `editing` which client it is editing. */
function editText(original: string, from: string, to: string, tenants: readonly string[], editing: { client?: { readonly tenant: string; readonly key: string } }): PromotionEdit {
  // Edit with LF line ends and a final line break; give the result the file's own line ends back.
  const crlf = original.includes("\r\n");
  const lf = crlf ? original.replace(/\r\n/g, "\n") : original;
  const text = lf.endsWith("\n") ? lf : `${lf}\n`;
  const restore = (edited: string) => {
    const ended = lf.endsWith("\n") ? edited : edited.replace(/\n$/, "");
    return crlf ? ended.replace(/\n/g, "\r\n") : ended;
  };
  const document = parseWithUniqueKeys(text, READ_OPTIONS);
  const config = document.toJS({ maxAliasCount: -1 }) as RawConfig;
  // A deep copy without shared objects: an alias must not carry an edit to the node it names.
  const expected = JSON.parse(JSON.stringify(document.toJS({ maxAliasCount: -1 }))) as { tenants: Record<string, { oauthClients?: Record<string, Record<string, unknown>> }> };
  const edits: TextEdit[] = [];
  const applied: string[] = [];
  const leftAlone: string[] = [];

  // The tenants mapping's entries by name, found once (the first of a name, as the parser's lookup finds): looking a
  // client up from the document's root scans every tenant before it, for each client of each tenant promoted.
  const tenantsNode = isCollection(document.contents) ? document.contents.get("tenants", true) : undefined;
  const tenantNodes = new Map<unknown, unknown>();
  if (isMap(tenantsNode)) {
    for (const pair of tenantsNode.items) {
      const name = isScalar(pair.key) ? pair.key.value : pair.key;
      if (!tenantNodes.has(name)) tenantNodes.set(name, pair.value);
    }
  }
  const clientNodeOf = (tenant: string, key: string): unknown => {
    if (!isMap(tenantsNode)) return document.getIn(["tenants", tenant, "oauthClients", key], true);
    const tenantNode = tenantNodes.get(tenant);
    return isCollection(tenantNode) ? tenantNode.getIn(["oauthClients", key], true) : undefined;
  };

  for (const tenant of tenants) {
    const tenantConfig = config.tenants[tenant];
    if (tenantConfig === undefined) continue;
    const environments = Object.keys(tenantConfig.orgs);
    for (const [key, client] of Object.entries(tenantConfig.oauthClients ?? {})) {
      editing.client = { tenant, key };
      const where = `${tenant}/${key}`;
      const inFrom = clientExistsIn(client, from);
      const inTo = clientExistsIn(client, to);
      if (!inFrom) {
        if (inTo) leftAlone.push(`${where}: only in '${to}', as its 'only' declares; kept (deleting a client cuts off every integration using it at once)`);
        continue;
      }
      const clientNode = mapAt(clientNodeOf(tenant, key), where);
      const editor = new ClientEditor(text, clientNode, where);
      const data = expected.tenants[tenant]!.oauthClients![key]!;

      if (!inTo) {
        editor.addToOnly(to);
        (data.only as string[]).push(to);
        applied.push(`${where}: added '${to}' to only`);
      }
      for (const setting of PROMOTED_CLIENT_KEYS) {
        const source = settingIn(client, from, setting);
        if (sameSetting(source ?? DEFAULTS[setting], settingIn(client, to, setting) ?? DEFAULTS[setting])) continue;
        if (inTo && isOverridden(client, to, setting)) {
          const gained = gainOwnSetting(editor, data, client, setting, { from, to });
          if (gained.applied !== undefined) applied.push(`${where}: ${gained.applied}`);
          if (gained.leftAlone !== undefined) leftAlone.push(`${where}: ${gained.leftAlone}`);
          continue;
        }
        promoteSetting(editor, data, client, setting, { from, to, environments });
        applied.push(`${where}: ${setting} in '${to}' is now ${flowText(source ?? DEFAULTS[setting])}, as in '${from}'`);
      }
      edits.push(...editor.finish(data));
    }
  }

  editing.client = undefined;
  const result = applyEdits(text, edits);
  if (!readsAs(result, expected)) {
    throw new PromotionEditError("the edit would not produce the intended configuration (is the client written with YAML aliases or in flow style?); nothing was written, promote by hand");
  }
  return { text: edits.length === 0 ? original : restore(result), applied, leftAlone };
}

/** Whether two values of a setting mean the same: lists (scopes, roles, capabilities) are sets, order aside. */
function sameSetting(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown) => (Array.isArray(value) ? value.map((item) => JSON.stringify(item)).sort() : value);
  return isDeepStrictEqual(canonical(a), canonical(b));
}

/** Whether the text parses, as one YAML document, to exactly this data. */
function readsAs(text: string, expected: unknown): boolean {
  const document = parseWithUniqueKeys(text, READ_OPTIONS);
  if (document.errors.length > 0) return false;
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(document.toJS({ maxAliasCount: -1 }))), expected);
  } catch {
    return false; // an alias left without its anchor
  }
}

/**
 * A setting the target declares for itself stays its own: it gains what it lacks of the source's (scopes and
 * capabilities the source has, the source's rotation copies, the active state) and keeps the rest, such as its own
 * division names. Roles it lacks are left for a person, since the division names of its org cannot be guessed.
 */
function gainOwnSetting(
  editor: ClientEditor,
  data: Record<string, unknown>,
  client: RawOAuthClient,
  setting: (typeof PROMOTED_CLIENT_KEYS)[number],
  { from, to }: { from: string; to: string },
): { applied?: string; leftAlone?: string } {
  const own = `'${to}' declares its own ${setting} under environments.${to}`;
  const source = settingIn(client, from, setting) ?? DEFAULTS[setting];
  const target = settingIn(client, to, setting) ?? DEFAULTS[setting];
  let gained: unknown;
  let what = "";
  switch (setting) {
    case "capabilities":
    case "scopes": {
      const lacking = (source as string[]).filter((item) => !(target as string[]).includes(item));
      if (lacking.length > 0) [gained, what] = [[...(target as string[]), ...lacking], `now also has ${lacking.join(", ")}`];
      break;
    }
    case "roles": {
      const names = new Set((target as { role: string }[]).map((grant) => grant.role));
      const lacking = [...new Set((source as { role: string }[]).map((grant) => grant.role).filter((role) => !names.has(role)))];
      if (lacking.length > 0) return { leftAlone: `${own} and lacks ${lacking.join(", ")} that '${from}' has: add ${lacking.length === 1 ? "it" : "them"} there by hand with a division of its org (promotion does not guess division names)` };
      break;
    }
    case "rotation":
      if ((source as number) > (target as number)) [gained, what] = [source, `is now ${String(source)}`];
      break;
    case "state":
      if (source === "active" && target === "inactive") [gained, what] = ["active", "is now active"];
      break;
  }
  if (gained === undefined) return { leftAlone: `${own}; kept as it is (change it there by hand if it should follow '${from}')` };
  editor.setOverride(to, setting, gained);
  const overrides = data.environments as Record<string, Record<string, unknown>>;
  overrides[to] = { ...overrides[to], [setting]: gained };
  return { applied: `${setting} in '${to}' (its own, under environments.${to}) ${what}, as in '${from}'` };
}

/** Moves the source's value of one promoted setting into the base declaration and keeps other environments as they were. */
function promoteSetting(
  editor: ClientEditor,
  data: Record<string, unknown>,
  client: RawOAuthClient,
  setting: (typeof PROMOTED_CLIENT_KEYS)[number],
  { from, to, environments }: { from: string; to: string; environments: readonly string[] },
): void {
  const sourceValue = settingIn(client, from, setting);
  const overrides = (data.environments ?? {}) as Record<string, Record<string, unknown>>;
  if (sourceValue !== undefined && !sameSetting(sourceValue, client[setting])) {
    // Environments that read the old base value keep it, as an override of their own.
    for (const other of environments) {
      if (other === from || other === to || !clientExistsIn(client, other) || isOverridden(client, other, setting)) continue;
      const kept = client[setting] ?? DEFAULTS[setting];
      editor.setOverride(other, setting, kept);
      overrides[other] = { ...(overrides[other] ?? {}), [setting]: kept };
    }
    editor.setBase(setting, isOverridden(client, from, setting) ? { environment: from } : { value: sourceValue });
    data[setting] = sourceValue;
  }
  for (const environment of [from, to]) {
    if (!isOverridden(client, environment, setting)) continue;
    editor.deleteOverride(environment, setting);
    delete overrides[environment]![setting];
  }
  for (const [environment, settings] of Object.entries(overrides)) if (Object.keys(settings).length === 0) delete overrides[environment];
  if (data.environments !== undefined && Object.keys(overrides).length === 0) delete data.environments;
  else if (Object.keys(overrides).length > 0) data.environments = overrides;
}

/**
 * Collects the changes to one client's mapping and turns them into text edits that do not overlap: line edits in
 * block mappings, a rewrite of the one mapping for flow mappings (`dev: { scopes: [...] }`).
 */
class ClientEditor {
  private readonly baseSets = new Map<string, { environment: string } | { value: unknown }>();
  private readonly overrideDeletes = new Map<string, Set<string>>();
  private readonly overrideSets = new Map<string, Map<string, unknown>>();
  private onlyAddition: string | undefined;

  constructor(
    private readonly text: string,
    private readonly client: YAMLMap,
    private readonly where: string,
  ) {}

  addToOnly(environment: string): void {
    this.onlyAddition = environment;
  }

  /** The base value of a setting becomes an environment's override (copied as written) or a given value. */
  setBase(setting: string, value: { environment: string } | { value: unknown }): void {
    this.baseSets.set(setting, value);
  }

  deleteOverride(environment: string, setting: string): void {
    this.overrideDeletes.set(environment, (this.overrideDeletes.get(environment) ?? new Set()).add(setting));
  }

  setOverride(environment: string, setting: string, value: unknown): void {
    this.overrideSets.set(environment, (this.overrideSets.get(environment) ?? new Map()).set(setting, value));
  }

  /** The text edits; `data` is the client as it should read afterwards (for deciding what becomes empty). */
  finish(data: Record<string, unknown>): TextEdit[] {
    const edits: TextEdit[] = [];
    const indent = this.indentOf(this.client);

    if (this.onlyAddition !== undefined) {
      const only = this.pair(this.client, "only")?.value;
      const mergeKey = (this.client.items as Pair[]).some((item) => isScalar(item.key) && (item.key.value === "<<" || (typeof item.key.value === "symbol" && item.key.value.description === "<<")));
      if (only === undefined && mergeKey) {
        throw new PromotionEditError(`${this.where}: 'only' comes from a merge key ('<<'), which the edit would change for every client sharing it; nothing was written, promote by hand`);
      }
      if (!isSeq(only)) throw new PromotionEditError(`${this.where}: 'only' is not a list`);
      edits.push(this.appendToSequence(only as Node & { items: Node[]; flow?: boolean; range: [number, number, number] }, this.onlyAddition));
    }

    for (const [setting, value] of this.baseSets) {
      const rendered: Rendered = "environment" in value ? this.writtenValue(this.overrideNode(value.environment, setting)) : { inline: flowText(value.value) };
      const existing = this.pair(this.client, setting);
      if (existing !== undefined) edits.push(this.replaceValue(existing, rendered, indent));
      else edits.push(this.insertPair(this.client, setting, rendered, indent));
    }

    const environmentsPair = this.pair(this.client, "environments");
    const environmentsAfter = data.environments as Record<string, Record<string, unknown>> | undefined;
    const touched = new Set([...this.overrideDeletes.keys(), ...this.overrideSets.keys()]);
    if (touched.size === 0) return edits;
    if (environmentsAfter === undefined) {
      if (environmentsPair !== undefined) edits.push(this.deletePair(this.client, environmentsPair));
      return edits;
    }
    if (environmentsPair === undefined) {
      edits.push(this.insertPair(this.client, "environments", { inline: flowText(environmentsAfter) }, indent));
      return edits;
    }
    const environmentsMap = mapAt(environmentsPair.value, `${this.where}: environments`);
    if (environmentsMap.flow) {
      edits.push({ start: rangeOf(environmentsMap)[0], end: rangeOf(environmentsMap)[1], text: flowText(environmentsAfter) });
      return edits;
    }
    for (const environment of touched) {
      const pair = this.pair(environmentsMap, environment);
      const after = environmentsAfter[environment];
      if (pair === undefined) {
        if (after !== undefined) edits.push(this.insertPair(environmentsMap, environment, { inline: flowText(after) }, this.indentOf(environmentsMap)));
        continue;
      }
      if (after === undefined) {
        edits.push(this.deletePair(environmentsMap, pair));
        continue;
      }
      const settings = mapAt(pair.value, `${this.where}: environments.${environment}`);
      if (settings.flow) {
        edits.push({ start: rangeOf(settings)[0], end: rangeOf(settings)[1], text: this.flowMapText(settings, after) });
        continue;
      }
      const settingsIndent = this.indentOf(settings);
      for (const setting of this.overrideDeletes.get(environment) ?? []) {
        const existing = this.pair(settings, setting);
        if (existing !== undefined) edits.push(this.deletePair(settings, existing));
      }
      for (const [setting, value] of this.overrideSets.get(environment) ?? []) {
        const existing = this.pair(settings, setting);
        if (existing !== undefined) edits.push(this.replaceValue(existing, { inline: flowText(value) }, settingsIndent));
        else edits.push(this.insertPair(settings, setting, { inline: flowText(value) }, settingsIndent));
      }
    }
    return edits;
  }

  private pair(map: YAMLMap, key: string): Pair<Scalar, Node> | undefined {
    return (map.items as unknown as Pair<Scalar, Node>[]).find((item) => isScalar(item.key) && item.key.value === key);
  }

  private overrideNode(environment: string, setting: string): Node {
    const environments = mapAt(this.pair(this.client, "environments")?.value, `${this.where}: environments`);
    const settings = mapAt(this.pair(environments, environment)?.value, `${this.where}: environments.${environment}`);
    const node = this.pair(settings, setting)?.value;
    if (node === undefined || node === null || isAlias(node)) throw new PromotionEditError(`${this.where}: cannot read environments.${environment}.${setting}`);
    return node;
  }

  /** A value as written in the file: inline text, or the lines of a block collection. */
  private writtenValue(node: Node): Rendered {
    const start = rangeOf(node)[0];
    if ((isMap(node) || isSeq(node)) && !node.flow) {
      const lineStart = this.text.lastIndexOf("\n", start - 1) + 1;
      // Whole lines, up to the end of the last item's line (its comment included).
      return { block: this.text.slice(lineStart, this.lineEnd(this.valueEnd(node)) - 1).split("\n"), column: start - lineStart };
    }
    return { inline: this.text.slice(start, this.valueEnd(node)) };
  }

  /** Column of a block mapping's keys. */
  private indentOf(map: YAMLMap): number {
    const first = map.items[0] as unknown as Pair<Scalar, Node> | undefined;
    if (first === undefined || !isScalar(first.key)) throw new PromotionEditError(`${this.where}: empty mapping`);
    const start = rangeOf(first.key)[0];
    return start - (this.text.lastIndexOf("\n", start - 1) + 1);
  }

  /** `key: value` text at an indentation; a block value goes on the lines below, re-indented. */
  private pairText(key: string, value: Rendered, indent: number): string {
    return `${" ".repeat(indent)}${key}:${this.valueText(value, indent)}`;
  }

  private valueText(value: Rendered, indent: number): string {
    if ("inline" in value) return ` ${value.inline}`;
    const shift = indent + 2 - value.column;
    return `\n${value.block.map((line) => (shift >= 0 ? " ".repeat(shift) + line : line.slice(-shift))).join("\n")}`;
  }

  private replaceValue(pair: Pair<Scalar, Node>, value: Rendered, indent: number): TextEdit {
    const keyEnd = rangeOf(pair.key)[1];
    const colon = this.text.indexOf(":", keyEnd);
    const end = this.valueEnd(pair.value);
    return { start: colon + 1, end, text: this.valueText(value, indent) };
  }

  /** A new `key: value` line in a block mapping, before the first key that the schema's order puts after it. */
  private insertPair(map: YAMLMap, key: string, value: Rendered, indent: number): TextEdit {
    if (map.flow) throw new PromotionEditError(`${this.where}: cannot add '${key}' to a flow mapping`);
    const rank = (name: string) => (CLIENT_KEY_ORDER.includes(name) ? CLIENT_KEY_ORDER.indexOf(name) : CLIENT_KEY_ORDER.length);
    const pairs = map.items as unknown as Pair<Scalar, Node>[];
    const next = pairs.find((item) => rank(String(item.key.value)) > rank(key));
    const at = next !== undefined ? this.lineStart(rangeOf(next.key)[0]) : this.pairEnd(pairs[pairs.length - 1]!);
    return { start: at, end: at, text: `${this.pairText(key, value, indent)}\n` };
  }

  /** Removes a block mapping's pair: its lines, from the key's line to the end of its value. */
  private deletePair(map: YAMLMap, pair: Pair<Scalar, Node>): TextEdit {
    if (map.flow) throw new PromotionEditError(`${this.where}: cannot remove '${pair.key.value}' from a flow mapping`);
    return { start: this.lineStart(rangeOf(pair.key)[0]), end: this.pairEnd(pair), text: "" };
  }

  /** A flow mapping rewritten with the pairs `after` keeps (as written) and the ones it adds. */
  private flowMapText(map: YAMLMap, after: Record<string, unknown>): string {
    const pairs = map.items as unknown as Pair<Scalar, Node>[];
    const kept = pairs
      .filter((pair) => String(pair.key.value) in after && isDeepStrictEqual((pair.value as Node & { toJSON(): unknown }).toJSON(), after[String(pair.key.value)]))
      .map((pair) => this.text.slice(rangeOf(pair.key)[0], this.valueEnd(pair.value)));
    const keptKeys = new Set(pairs.map((pair) => String(pair.key.value)));
    const added = Object.entries(after)
      .filter(([key, value]) => !keptKeys.has(key) || !isDeepStrictEqual((this.pair(map, key)?.value as Node & { toJSON(): unknown }).toJSON(), value))
      .map(([key, value]) => `${key}: ${flowText(value)}`);
    return `{ ${[...kept, ...added].join(", ")} }`;
  }

  private appendToSequence(sequence: Node & { items: Node[]; flow?: boolean; range: [number, number, number] }, item: string): TextEdit {
    const [start, end] = rangeOf(sequence);
    if (sequence.flow) {
      const items = sequence.items.map((entry) => this.text.slice(rangeOf(entry)[0], this.valueEnd(entry as Node)));
      return { start, end, text: `[${[...items, flowText(item)].join(", ")}]` };
    }
    const last = sequence.items[sequence.items.length - 1]!;
    const lineStart = this.lineStart(rangeOf(last)[0]);
    const prefix = this.text.slice(lineStart, rangeOf(last)[0]);
    const at = this.lineEnd(this.valueEnd(last));
    return { start: at, end: at, text: `${prefix}${flowText(item)}\n` };
  }

  /**
   * End of a value itself, without a trailing comment or line break. For a block collection that is the end of its
   * last item: the parser's range runs on through comment lines after it, which belong to what follows.
   */
  private valueEnd(node: Node | null): number {
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1];
      return this.valueEnd((isPair(last) ? (last.value ?? last.key) : last) as Node);
    }
    const end = rangeOf(node)[1];
    return this.text[end - 1] === "\n" ? end - 1 : end;
  }

  /**
   * End of a pair: after the line break that ends its value's last line (with a comment on that line). Comment lines
   * after it belong to what follows (the parser's `range[2]` would take them along).
   */
  private pairEnd(pair: Pair<Scalar, Node>): number {
    return this.lineEnd(this.valueEnd(pair.value));
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** Offset just after the line break ending the line that holds `offset` (or the end of the text). */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline < 0 ? this.text.length : newline + 1;
  }
}

/** Value text: on the key's line, or block lines written at `column`. */
type Rendered = { readonly inline: string } | { readonly block: readonly string[]; readonly column: number };

/** A value in YAML flow style on one line: `[a, b]`, `{ role: X }`, `2`. */
function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range === undefined) throw new PromotionEditError("a value without a position in the file");
  return range;
}

function mapAt(node: unknown, where: string): YAMLMap {
  if (!isMap(node)) throw new PromotionEditError(`${where}: expected a mapping written in the file (not an alias)`);
  return node;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.end > ordered[i - 1]!.start) throw new PromotionEditError("two edits overlap; nothing was written, promote by hand");
  }
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

