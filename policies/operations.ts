/**
 * The Platform API operations catalog: every Genesys Cloud API v2 operation with the permissions it requires (ANY of,
 * ALL of, or NONE) and the OAuth scopes that allow it, vendored in `data/api-operations/` by
 * `scripts/vendor-api-operations.cjs` (`index.json`'s `about`, `source` and `scopesSource` keys say where it comes
 * from).
 *
 * The data is about 800 KB in 91 files, read on first use, file by file: a `check` whose profiles name no operations
 * reads none of it, and one naming a few operations reads the few files they are in.
 */

import { nearest } from "../config/suggest";

/** How an operation's permission list is read: at least one of them, every one, or none needed. */
export type PermissionRule = "ANY" | "ALL" | "NONE";

/** One Platform API operation. */
export interface ApiOperation {
  /** `"<METHOD> <path>"`, as the catalog keys it: `POST /api/v2/analytics/conversations/details/jobs`. */
  readonly key: string;
  /** The SDKs' operation id: `postAnalyticsConversationsDetailsJobs`. */
  readonly operationId: string;
  readonly permissions: {
    readonly type: PermissionRule;
    /** As documented, in order; may hold non-standard entries (see `isStandardPermission`). */
    readonly list: readonly string[];
  };
  /** Scopes that allow the call (any one of them), `[]` when it lists none, undefined when the catalog does not know. */
  readonly scopes: readonly string[] | undefined;
  readonly preview: boolean;
  readonly deprecated: boolean;
}

/** `data/api-operations/index.json`: provenance, and the shards with their operation counts. */
export interface VendoredIndex {
  readonly source: { readonly version: string; readonly date: string };
  readonly shards: Readonly<Record<string, number>>;
}

/** One row of a shard: key, operation id, permission rule, permissions, scopes (null: unknown), flags (1: preview, 2: deprecated). */
export type VendoredRow = readonly [string, string, PermissionRule, readonly string[], readonly string[] | null, number];

/** Looks operations up by `"<METHOD> <path>"` (path parameter names may differ) or by operation id. */
export interface OperationCatalog {
  /**
   * The operation a name means, or undefined. Reads only the one or two files the name points at. With `concrete`, a
   * path as a request log shows it also matches (`GET https://api.mypurecloud.com/api/v2/users/8f1c?expand=x` is
   * `GET /api/v2/users/{userId}`); a configuration names templates.
   */
  find(name: string, options?: { readonly concrete?: boolean }): ApiOperation | undefined;
  /** The operation key or id nearest to an unknown name, for a did-you-mean (reads the whole catalog). */
  nearest(name: string): string | undefined;
  /** Every operation, in key order (reads the whole catalog). */
  readonly operations: readonly ApiOperation[];
  /** Every permission any operation names, sorted (reads the whole catalog). */
  readonly permissionNames: readonly string[];
  /** The SDK version and date the permissions come from, for messages: `SDK 259.0.0, 2026-08-15`. */
  readonly version: string;
}

/**
 * Whether a permission string is one a role can hold (`domain:entity:action`). The docs also carry a few legacy or
 * prose entries (`admin`, `content_management_user`, "They are enforced by the backend") that no role declares.
 */
export function isStandardPermission(permission: string): boolean {
  return /^[^:\s]+:[^:\s]+:[^:\s]+$/.test(permission);
}

/** `GET /api/v2/users/{userId}` and `get /api/v2/users/{id}` alike: method upper-cased, path parameters unnamed. */
function shapeOf(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "")}`;
}

/** Splits `"POST /api/v2/x"` into method and path; undefined when the name is not written that way. */
function splitKey(name: string): { method: string; path: string } | undefined {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(name);
  return match === null ? undefined : { method: match[1], path: match[2] };
}

/** `GET https://api.x/api/v2/users?a=b` -> `GET /api/v2/users`: a request as logs show it, reduced to its path. */
function requestPath(name: string): string {
  return name.replace(/^(\s*[A-Za-z]+\s+)https?:\/\/[^/\s]+(?=\/)/, "$1").replace(/[?#]\S*\s*$/, "");
}

/** Whether a concrete path fits a template's segments (`{}` fits any one segment), and how many literal segments it matched. */
function fit(template: string, path: string): number | undefined {
  const want = template.split("/");
  const have = path.replace(/\/+$/, "").split("/");
  if (want.length !== have.length) return undefined;
  let literal = 0;
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "{}") continue;
    if (want[i] !== have[i]) return undefined;
    literal++;
  }
  return literal;
}

let loaded: OperationCatalog | undefined;

/**
 * The catalog. The vendored data is split by the first path segment after `/api/v2/` (`users`, `analytics` ...), and
 * each part is read on first use: a lookup reads a few kilobytes, not the whole catalog.
 */
export function operationCatalog(): OperationCatalog {
  return (loaded ??= buildCatalog(require("./data/api-operations/index.json") as VendoredIndex, (shard) => require(`./data/api-operations/${shard}.json`) as readonly VendoredRow[]));
}

/** One shard's operations, indexed by shape and by operation id. */
interface Shard {
  readonly operations: readonly ApiOperation[];
  readonly byShape: ReadonlyMap<string, ApiOperation>;
  readonly byId: ReadonlyMap<string, ApiOperation>;
}

/**
 * A catalog over vendored data: `index` names the shards, `readShard` reads one when a lookup first needs it.
 * `operationCatalog()` is this over `data/api-operations/`; tests build one over their own rows or watch what is read.
 */
export function buildCatalog(index: VendoredIndex, readShard: (name: string) => readonly VendoredRow[]): OperationCatalog {
  const shardNames = Object.keys(index.shards).sort();
  const shards = new Map<string, Shard>();
  const shard = (name: string): Shard => {
    let found = shards.get(name);
    if (found === undefined) {
      const operations = readShard(name).map(
        ([key, operationId, type, permissions, scopes, flags]): ApiOperation => ({
          key,
          operationId,
          permissions: { type, list: permissions },
          scopes: scopes ?? undefined,
          preview: (flags & 1) !== 0,
          deprecated: (flags & 2) !== 0,
        }),
      );
      const byShape = new Map<string, ApiOperation>();
      const byId = new Map<string, ApiOperation>();
      for (const operation of operations) {
        const { method, path } = splitKey(operation.key)!;
        byShape.set(shapeOf(method, path), operation);
        byId.set(operation.operationId.toLowerCase(), operation);
      }
      found = { operations, byShape, byId };
      shards.set(name, found);
    }
    return found;
  };
  let all: ApiOperation[] | undefined;
  const everything = () => (all ??= shardNames.flatMap((name) => shard(name).operations).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  let names: string[] | undefined;
  let permissionNames: string[] | undefined;
  return {
    get operations() {
      return everything();
    },
    get permissionNames() {
      return (permissionNames ??= [...new Set(everything().flatMap((operation) => operation.permissions.list))].sort());
    },
    version: `SDK ${index.source.version}, ${index.source.date.slice(0, 10)}`,
    find(name, options) {
      const key = splitKey(options?.concrete === true ? requestPath(name) : name);
      if (key !== undefined) {
        const segment = /^\/api\/v2\/([^/]+)/.exec(key.path)?.[1].toLowerCase();
        if (segment === undefined || !Object.hasOwn(index.shards, segment)) return undefined;
        const exact = shard(segment).byShape.get(shapeOf(key.method, key.path));
        if (exact !== undefined || options?.concrete !== true) return exact;
        // The template the concrete path fits with the most literal segments: /users/me before /users/{userId}.
        const method = key.method.toUpperCase();
        let best: { operation: ApiOperation; literal: number } | undefined;
        for (const [shape, operation] of shard(segment).byShape) {
          const [shapeMethod, template] = shape.split(" ");
          const literal = shapeMethod === method ? fit(template, key.path) : undefined;
          if (literal !== undefined && (best === undefined || literal > best.literal)) best = { operation, literal };
        }
        return best?.operation;
      }
      // An operation id's first word after its verb starts its shard's name: getUser -> users, postTextbotsBotflowsSessions -> textbots.
      const id = name.trim().toLowerCase();
      const word = /^[a-z]+([A-Z][a-z0-9]*)/.exec(name.trim())?.[1].toLowerCase();
      for (const candidate of shardNames) {
        if (word !== undefined && !candidate.startsWith(word)) continue;
        const found = shard(candidate).byId.get(id);
        if (found !== undefined) return found;
      }
      // An id written without its capitals (`getusers`) names no file: every file is searched above.
      return undefined;
    },
    nearest(name) {
      // A concrete path or a request's URL suggests the template it fits.
      const fitting = this.find(name, { concrete: true });
      if (fitting !== undefined) return fitting.key;
      // Only an unknown operation needs the list of names; `nearest` compares without case.
      names ??= everything().flatMap((operation) => [operation.key, operation.operationId]);
      const key = splitKey(name);
      return nearest(key === undefined ? name.trim() : `${key.method} ${key.path}`, names);
    },
  };
}
