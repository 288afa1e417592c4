import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Node, Pair } from "yaml";
import type { YAMLMap } from "yaml";
import { isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, Scalar, visit, YAMLSeq } from "yaml";
import { runCli } from "../../cli/main";
import type { CliIO } from "../../cli/io";
import { FORMATS } from "../../formatters";
import { PROMOTION_FORMATS } from "../../formatters/promotion-report";
import { BOT_CONNECTOR, config, orgsYaml, ROOT, tempDir } from "../helpers";

/**
 * Mutated configurations through `scopegate check`, in-process: whatever the file holds, the exit code is 0, 1 or 2,
 * there is no internal error and no stack trace, JSON and SARIF output parse, no control character reaches the
 * output, and no credential written in the seeds is ever printed.
 *
 * `SCOPEGATE_FUZZ_RUNS` (default 300) and `SCOPEGATE_FUZZ_SEED` (default below) set how many configurations and
 * which; a failure prints its seed and path, to be replayed with `SCOPEGATE_FUZZ_SEED` and fast-check's `path`.
 * `SCOPEGATE_FUZZ_COMMAND=promote` runs `promote --from dev --to prod` instead of `check`.
 */
const RUNS = Number(process.env.SCOPEGATE_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.SCOPEGATE_FUZZ_SEED ?? 20261121);
const COMMAND = process.env.SCOPEGATE_FUZZ_COMMAND === "promote" ? "promote" : "check";

/**
 * Literal secrets written in credentials fields of the seeds: never printed, however the mutations move them around.
 * The last are written unquoted after a '*' or '!' (an alias, a tag), as a paste into the file would put them.
 */
const SECRETS = ["kT9#xQ2!vLp8$Zr4@Wm6", "XK29FLQ81ZPT4MWC07RBN3", "6f1c2a3b-4d5e-4f60-8a1b-2c3d4e5f6a7b", "Hq7vLx29PzK4mWt8", "Rb4nW8qZ2mT6yK0pLs"];
/** How each secret is written in a credentials field: quoted, plain, or plain after a '*' or a '!' (or '!!'). */
const WRITTEN = [(s: string) => `'${s}'`, (s: string) => s, (s: string) => `'${s}'`, (s: string) => `*${s}`, (s: string) => `!${s}`, (s: string) => `!!${s}`];

/** A tenant with most of what the file may hold: overrides, `only`, bindings, profiles, policy and waivers. */
const RICH = config({
  orgs: orgsYaml({ dev: { bindings: "apiAudience: https://api.mypurecloud.ie, tenantNumber: 42" }, prod: {}, test: { region: "eu-west-2" } }),
  clients: `${BOT_CONNECTOR}
  rotation: 2
web-widget:
  name: Acme web messaging widget
  description: The widget on acme.example.
  grant: CODE
  capabilities: [web-messaging]
  scopes: [messaging, messaging:readonly]
  redirectUris: [https://chat.acme.example/callback]
  tokenValiditySeconds: 3600
  environments:
    dev: { redirectUris: ["http://localhost:3000/callback"] }
crm-sync:
  grant: CLIENT-CREDENTIALS
  capabilities: [crm-sync]
  roles: [{ role: CRM Sync, division: "*" }]
  only: [dev]`,
  top: `profiles:
  crm-sync: { description: CRM sync, scopes: { require: [users:readonly], allow: ["users:*"] } }
scopes:
  known: [custom:thing]
roles:
  CRM Sync: { permissions: [directory:user:view] }
policy:
  tiers:
    prod: { rules: { least-privilege: error }, maxTokenValiditySeconds: 43200 }
  waivers:
    - { rule: promotion-drift, tenant: acme, environment: prod, client: crm-sync, reason: staged rollout until sign-off, owner: cx, expires: 2099-12-31 }`,
});

/** Each seed also appears with literal secrets in credentials fields, so that aliases can carry them elsewhere. */
function withSecrets(text: string, offset = 0): string {
  let slot = 0;
  let secret = offset;
  return text.replace(/(clientSecretEnv|clientIdEnv): [A-Z_]+/g, (whole, name: string) => {
    if (slot++ % 3 !== 0) return whole;
    const n = secret++;
    return `${name}: ${WRITTEN[n % WRITTEN.length](SECRETS[n % SECRETS.length])}`;
  });
}

/** Output as a reader sees it: JSON, markdown and shell backslash escapes, XML entities and GitHub's %-escapes undone. */
function unescaped(output: string): string {
  return output
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\(.)/g, "$1")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name] ?? "")
    .replace(/%(25|0D|0A|3A|2C)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Values a mutation writes: wrong types, prototype names, references to what exists, long and odd text. */
const VALUES: readonly unknown[] = [
  0, -1, 1.5, 38880001, 12345678901234567890, true, false, null, "", " ", "x", "constructor", "__proto__", "toString", "hasOwnProperty",
  "acme", "dev", "prod", "test", "bot-connector", "web-messaging", "crm-sync", "CLIENT-CREDENTIALS", "CODE", "home", "*", "eu-west-1",
  "us-east-1", "nonprod", "error", "off", "least-privilege", "promotion-drift", "2027-02-30", "2099-01-01", "${var.x}", "%{if}", "!Ref x",
  "https://api.mypurecloud.com", "ACME_DEV_CLIENT_ID", "d".repeat(201), "e".repeat(1001), "u".repeat(2049), "b".repeat(4097), [], {}, ["x"], { a: 1 },
];
/** Keys a mutation renames a key to. */
const KEYS = ["constructor", "__proto__", "toString", "tenants", "orgs", "dev", "prod", "credentials", "clientIdEnv", "scopes", "roles", "only", "environments", "bindings", "policy", "waivers", "k".repeat(41), "Bad_Name", ""];
const CONTROL = ["\u0000", "\u0007", "\u001b", "\n", "\t", "\r", "\u007f", "\u0085", "\u009b", "\u2028"];
/** Byte sequences a mutation writes into the file: not UTF-8, NUL, byte order marks. */
const BYTES: readonly (readonly number[])[] = [[0xff], [0xe9], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x00], [0x1b], [0xef, 0xbb, 0xbf], [0xfe, 0xff], [0xc0, 0xaf]];

/** YAML written into the file as text, indented as the line it goes before: tags, directives, odd keys and scalars. */
const SNIPPETS = [
  "---", "%YAML 1.2\n---", "? [a, b]\n: c", "x: !!binary aGVsbG8=", "x: !!set {a, b}", "x: !!omap [a: 1]", "x: &z [*z]", "\t- x", "<<: [*q]", "<<: {}",
  "x: |\n  y", "x: >-\n  y", "x: 0x1F", "x: .inf", "x: 1e400", "x: ~", "x: \"\\uD800\"", "x: \"\\U0010FFFF\"", "\"\": 1", "'<<': 1", "x: [", "x: {a: 1, a: 2}",
  "&k key: 1", "*k : 1", "x: !Ref y", "x: @at", "x: `tick`", "x: 'it''s'", "x: \"\\e[2J\"", "x: '%{if}'",
];

const MUTATIONS = ["delete", "duplicate", "retype", "swap", "rename", "alias", "share", "merge", "control", "long", "copySecret", "secretKey", "snippet", "bytes", "utf16", "truncate"] as const;
type Mutation = readonly [kind: number, a: number, b: number, c: number];

/** Mutations of the document more often than of its bytes, which leave little for the later stages to read. */
const WEIGHTS: Readonly<Record<(typeof MUTATIONS)[number], number>> = { delete: 6, duplicate: 4, retype: 8, swap: 5, rename: 4, alias: 6, share: 8, merge: 5, control: 4, long: 3, copySecret: 4, secretKey: 3, snippet: 4, bytes: 2, utf16: 1, truncate: 1 };
const mutation: fc.Arbitrary<Mutation> = fc.tuple(
  fc.oneof(...MUTATIONS.map((kind, index) => ({ weight: WEIGHTS[kind], arbitrary: fc.constant(index) }))),
  fc.nat(),
  fc.nat(),
  fc.nat(),
);

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Whether a node is or holds a seed secret: such a node is never copied or moved, only aliased (the property under test). */
function holdsSecret(node: unknown): boolean {
  if (isScalar(node)) return typeof node.value === "string" && SECRETS.includes(node.value);
  if (isMap(node)) return node.items.some((pair) => holdsSecret(pair.key) || holdsSecret(pair.value));
  if (isSeq(node)) return node.items.some(holdsSecret);
  return false;
}

interface Parts {
  readonly pairs: { pair: Pair; map: YAMLMap }[];
  readonly values: { node: Node; replace: (next: unknown) => void }[];
  readonly maps: YAMLMap[];
  readonly nodes: Node[];
}

/** Every pair, replaceable value, mapping and node of a document, in document order. */
function partsOf(doc: ReturnType<typeof parseDocument>): Parts {
  const parts: Parts = { pairs: [], values: [], maps: [], nodes: [] };
  visit(doc, {
    Pair(_, pair, ancestors) {
      const map = ancestors[ancestors.length - 1];
      if (isMap(map)) {
        parts.pairs.push({ pair: pair as Pair, map });
        if (pair.value !== null && !isAlias(pair.value)) parts.values.push({ node: pair.value as Node, replace: (next) => ((pair as Pair).value = next) });
      }
    },
    Seq(_, seq) {
      seq.items.forEach((item, i) => {
        if (!isAlias(item)) parts.values.push({ node: item as Node, replace: (next) => (seq.items[i] = next) });
      });
    },
    Map(_, map) {
      parts.maps.push(map);
    },
    Node(_, node) {
      if (!isAlias(node)) parts.nodes.push(node);
    },
  });
  return parts;
}

/** Applies one document-level mutation; returns false when it did not apply. */
function mutateDocument(doc: ReturnType<typeof parseDocument>, [kind, a, b, c]: Mutation, anchors: { next: number }): boolean {
  const parts = partsOf(doc);
  const value = (n: number) => doc.createNode(VALUES[n % VALUES.length]);
  switch (MUTATIONS[kind]) {
    case "delete": {
      const found = pick(parts.pairs, a);
      if (found === undefined) return false;
      found.map.items.splice(found.map.items.indexOf(found.pair), 1);
      return true;
    }
    case "duplicate": {
      const found = pick(parts.pairs.filter(({ pair }) => !holdsSecret(pair.value)), a);
      if (found === undefined) return false;
      // Into the same mapping (a duplicate key) or into another one.
      const target = b % 2 === 0 ? found.map : (pick(parts.maps, c) ?? found.map);
      target.items.splice(c % (target.items.length + 1), 0, found.pair.clone(doc.schema) as Pair);
      return true;
    }
    case "retype": {
      const found = pick(parts.values, a);
      if (found === undefined) return false;
      // A secret stays where it is, inside a list.
      found.replace(holdsSecret(found.node) ? seqOf(found.node) : value(b));
      return true;
    }
    case "swap": {
      const candidates = parts.pairs.filter(({ pair }) => !holdsSecret(pair.value));
      const first = pick(candidates, a);
      const second = pick(candidates, b);
      if (first === undefined || second === undefined || first === second) return false;
      [first.pair.value, second.pair.value] = [second.pair.value, first.pair.value];
      return true;
    }
    case "rename": {
      // A secret keeps its credentials key: renamed, it would be a value written elsewhere.
      const found = pick(parts.pairs.filter(({ pair }) => !holdsSecret(pair.value)), a);
      if (found === undefined || !isScalar(found.pair.key)) return false;
      found.pair.key = new Scalar(KEYS[b % KEYS.length]);
      return true;
    }
    case "alias": {
      // Any node, secrets included, used a second time elsewhere.
      const target = pick(parts.nodes, a);
      const place = pick(parts.values, b);
      if (target === undefined || place === undefined || place.node === target) return false;
      place.replace(doc.createAlias(target, (target as { anchor?: string }).anchor ?? `a${anchors.next++}`));
      return true;
    }
    case "share": {
      // What two keys of the same name hold, written once: an alias of the first, or merged into the second (mostly valid).
      const found = pick(parts.pairs, a);
      const name = isScalar(found?.pair.key) ? found.pair.key.value : undefined;
      const later = parts.pairs.slice(parts.pairs.indexOf(found!) + 1).filter(({ pair }) => isScalar(pair.key) && pair.key.value === name);
      const into = pick(later, b);
      const shared = found?.pair.value;
      if (found === undefined || into === undefined || !isScalar(shared) && !isCollection(shared)) return false;
      const alias = doc.createAlias(shared as Node, (shared as { anchor?: string }).anchor ?? `a${anchors.next++}`);
      if (isMap(shared) && isMap(into.pair.value) && c % 2 === 0) into.pair.value.items.unshift(doc.createPair("<<", alias) as Pair);
      else into.pair.value = alias;
      return true;
    }
    case "merge": {
      const into = pick(parts.maps, a);
      if (into === undefined) return false;
      const mapsAndOthers = c % 4 === 0 ? parts.nodes : parts.maps;
      const source = pick(mapsAndOthers as Node[], b);
      const merged =
        c % 5 === 1 ? value(b) : source === undefined ? value(b) : doc.createAlias(source, (source as { anchor?: string }).anchor ?? `a${anchors.next++}`);
      // A merge key given a mapping, an alias of anything, a scalar, or a list of one of those.
      into.items.unshift(doc.createPair("<<", c % 3 === 2 ? seqOf(merged) : merged) as Pair);
      return true;
    }
    case "control": {
      const strings = parts.values.filter(({ node }) => isScalar(node) && typeof node.value === "string" && !holdsSecret(node));
      const found = pick(strings, a);
      if (found === undefined) return false;
      const text = String((found.node as Scalar).value);
      const at = b % (text.length + 1);
      (found.node as Scalar).value = `${text.slice(0, at)}${CONTROL[c % CONTROL.length]}${text.slice(at)}`;
      return true;
    }
    case "long": {
      const found = pick(parts.values.filter(({ node }) => !holdsSecret(node)), a);
      if (found === undefined) return false;
      found.replace(doc.createNode(["n", "d", "u", "b"][c % 4].repeat([201, 1001, 2049, 4097, 20_000][b % 5])));
      return true;
    }
    case "copySecret": {
      // A secret written a second time, literally (no alias), in another field.
      const secret = pick(
        parts.values.filter(({ node }) => holdsSecret(node) && isScalar(node)),
        a,
      );
      const place = pick(parts.values.filter(({ node }) => !holdsSecret(node)), b);
      if (secret === undefined || place === undefined) return false;
      place.replace(new Scalar((secret.node as Scalar).value));
      return true;
    }
    case "secretKey": {
      // A secret pasted as a key of a credentials mapping, and maybe copied elsewhere too.
      const credentials = pick(
        parts.pairs.filter(({ pair }) => isScalar(pair.key) && pair.key.value === "credentials" && isMap(pair.value)).map(({ pair }) => pair.value as YAMLMap),
        a,
      );
      if (credentials === undefined) return false;
      const secret = SECRETS[b % SECRETS.length];
      credentials.items.push(doc.createPair(secret, c % 2 === 0 ? null : "x") as Pair);
      const place = c % 3 === 0 ? undefined : pick(parts.values.filter(({ node }) => !holdsSecret(node)), c);
      place?.replace(new Scalar(secret));
      return true;
    }
    default:
      return false;
  }
}

function seqOf(item: unknown): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items.push(item);
  return seq;
}

/** Applies one text or byte mutation to the file's bytes, never inside a line that holds a seed secret. */
function mutateBytes(bytes: Buffer, [kind, a, b]: Mutation): Buffer {
  const text = bytes.toString("latin1");
  const lineStarts = () =>
    [0, ...[...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)].filter((start) => {
      const end = text.indexOf("\n", start);
      const line = bytes.subarray(start, end < 0 ? bytes.length : end).toString("utf8");
      return !SECRETS.some((secret) => line.includes(secret));
    });
  switch (MUTATIONS[kind]) {
    case "snippet": {
      const start = pick(lineStarts(), a) ?? 0;
      const indent = /^ */.exec(text.slice(start))?.[0] ?? "";
      const snippet = SNIPPETS[b % SNIPPETS.length].split("\n").map((line) => `${indent}${line}\n`).join("");
      return Buffer.concat([bytes.subarray(0, start), Buffer.from(snippet), bytes.subarray(start)]);
    }
    case "bytes": {
      const start = pick(lineStarts(), a) ?? 0;
      const end = text.indexOf("\n", start);
      const at = start + (b % ((end < 0 ? bytes.length : end) - start + 1));
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(BYTES[b % BYTES.length]), bytes.subarray(at)]);
    }
    case "utf16":
      return a % 2 === 0 ? Buffer.from(`\uFEFF${bytes.toString("utf8")}`, "utf16le") : Buffer.from(bytes.toString("utf8"), "utf16le");
    case "truncate":
      return bytes.subarray(0, a % (bytes.length + 1));
    default:
      return bytes;
  }
}

/** The seed with the mutations applied, as the bytes of a file. */
function mutated(seed: string, mutations: readonly Mutation[]): Buffer {
  const doc = parseDocument(seed, { merge: true, uniqueKeys: false });
  const anchors = { next: 0 };
  let text = seed;
  for (const m of mutations) {
    if (["snippet", "bytes", "utf16", "truncate"].includes(MUTATIONS[m[0]])) continue;
    const before = doc.clone();
    if (!mutateDocument(doc, m, anchors)) continue;
    try {
      text = String(doc);
    } catch {
      // An alias before its anchor cannot be written: the mutation is undone.
      doc.contents = before.contents;
    }
  }
  let bytes: Buffer = Buffer.from(text);
  for (const m of mutations) bytes = mutateBytes(bytes, m);
  return bytes;
}

/** Any control character other than a line break or tab. */
const CONTROL_IN_OUTPUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Runs the command on `cwd/scopegate.yaml` in-process and checks the promises: exit 0, 1 or 2, no internal error or
 * stack trace, JSON and SARIF that parse, no control character, no secret. `shown` is the input, for the failure.
 */
async function expectSafe(cwd: string, format: string, shown: string): Promise<void> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd, today: "2026-11-21" };
  const command = COMMAND === "check" ? ["check"] : ["promote", "--from", "dev", "--to", "prod"];
  const code = await runCli([...command, "--config", "scopegate.yaml", "--format", format], io);
  const output = stdout + stderr;
  const fail = (what: string) =>
    `${what}\n--- exit ${code}, stderr:\n${stderr.slice(0, 2000)}\n--- stdout:\n${stdout.slice(0, 2000)}\n--- file:\n${shown.length > 4000 ? `${shown.slice(0, 4000)}...` : shown}`;
  if (![0, 1, 2].includes(code)) throw new Error(fail(`exit code ${code}`));
  if (output.includes("internal error")) throw new Error(fail("internal error"));
  if (/\n\s+at .*:\d+:\d+\)?\n/.test(output)) throw new Error(fail("stack trace"));
  if ((format === "json" || format === "sarif") && stdout !== "") {
    try {
      JSON.parse(stdout);
    } catch {
      throw new Error(fail(`${format} output does not parse`));
    }
  }
  if (CONTROL_IN_OUTPUT.test(output)) throw new Error(fail("a control character in the output"));
  const readable = unescaped(output);
  const secret = SECRETS.find((s) => output.includes(s) || readable.includes(s));
  if (secret !== undefined) throw new Error(fail(`secret '${secret}' printed`));
}

describe(`fuzz: mutated configurations through scopegate ${COMMAND}`, () => {
  let dir: string;
  let seeds: string[];
  beforeAll(() => {
    dir = tempDir("scopegate-fuzz-");
    const example = fs.readFileSync(path.join(ROOT, "scopegate.yaml"), "utf8");
    const small = config({ clients: BOT_CONNECTOR });
    const secret = [withSecrets(example), withSecrets(RICH), withSecrets(RICH, 3), withSecrets(example, 4)];
    for (const seed of secret) expect(SECRETS.filter((s) => seed.includes(s)).length).toBeGreaterThanOrEqual(2);
    seeds = [example, RICH, small, ...secret];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    `exits 0, 1 or 2 with no internal error, stack trace, broken JSON, control character or secret (${RUNS} runs, seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3, size: "small" }), fc.constantFrom(...(COMMAND === "check" ? FORMATS : PROMOTION_FORMATS)), async (seedIndex, mutations, format) => {
          const bytes = mutated(seeds[seedIndex % seeds.length], mutations);
          fs.writeFileSync(path.join(dir, "scopegate.yaml"), bytes);
          await expectSafe(dir, format, bytes.toString("utf8"));
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    30_000 + RUNS * 100,
  );

  it(
    `keeps the same promises for a configuration split into tenant files, one of them mutated (${Math.ceil(RUNS / 2)} runs, seed ${SEED})`,
    async () => {
      const fleet = path.join(ROOT, "examples", "fleet");
      const files = {
        "scopegate.yaml": fs.readFileSync(path.join(fleet, "scopegate.yaml"), "utf8"),
        "tenants/acme.yaml": withSecrets(fs.readFileSync(path.join(fleet, "tenants", "acme.yaml"), "utf8")),
        "tenants/globex.yaml": withSecrets(fs.readFileSync(path.join(fleet, "tenants", "globex.yaml"), "utf8"), 2),
      };
      const names = Object.keys(files) as (keyof typeof files)[];
      const splitDir = path.join(dir, "split");
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3, size: "small" }), fc.constantFrom(...(COMMAND === "check" ? FORMATS : PROMOTION_FORMATS)), async (fileIndex, mutations, format) => {
          fs.rmSync(splitDir, { recursive: true, force: true });
          fs.mkdirSync(path.join(splitDir, "tenants"), { recursive: true });
          const target = names[fileIndex % names.length];
          for (const name of names) fs.writeFileSync(path.join(splitDir, name), name === target ? mutated(files[name], mutations) : files[name]);
          await expectSafe(splitDir, format, `${target}:\n${fs.readFileSync(path.join(splitDir, target), "utf8")}`);
        }),
        { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true },
      );
    },
    30_000 + RUNS * 100,
  );
});
