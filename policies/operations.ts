/**
 * The Platform API operations catalog: every Genesys Cloud API v2 operation with the permissions it requires (ANY of,
 * ALL of, or NONE) and the OAuth scopes that allow it, vendored in `data/api-operations.json` by
 * `scripts/vendor-api-operations.cjs` (the file's `about`, `source` and `scopesSource` keys say where it comes from).
 *
 * The file is about 470 KB, so it is read on first use only: a `check` whose clients name no operations never loads it.
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

/** The vendored file's shape. */
interface VendoredCatalog {
  readonly about: string;
  readonly source: { readonly version: string; readonly date: string };
  readonly permissions: readonly string[];
  readonly scopes: readonly string[];
  readonly operations: readonly (readonly [string, string, PermissionRule, readonly number[], readonly number[] | null, number])[];
}

/** Looks operations up by `"<METHOD> <path>"` (path parameter names may differ) or by operation id. */
export interface OperationCatalog {
  /** The operation a name means, or undefined. */
  find(name: string): ApiOperation | undefined;
  /** The operation key or id nearest to an unknown name, for a did-you-mean. */
  nearest(name: string): string | undefined;
  /** Every operation, in key order. */
  readonly operations: readonly ApiOperation[];
  /** Every permission any operation names, sorted. */
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

let loaded: OperationCatalog | undefined;

/** The catalog, read on first use. */
export function operationCatalog(): OperationCatalog {
  return (loaded ??= buildCatalog(require("./data/api-operations.json") as VendoredCatalog));
}

function buildCatalog(file: VendoredCatalog): OperationCatalog {
  const operations = file.operations.map(
    ([key, operationId, type, permissions, scopes, flags]): ApiOperation => ({
      key,
      operationId,
      permissions: { type, list: permissions.map((index) => file.permissions[index]) },
      scopes: scopes === null ? undefined : scopes.map((index) => file.scopes[index]),
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
  let names: string[] | undefined;
  return {
    operations,
    permissionNames: file.permissions,
    version: `SDK ${file.source.version}, ${file.source.date.slice(0, 10)}`,
    find(name) {
      const key = splitKey(name);
      if (key !== undefined) return byShape.get(shapeOf(key.method, key.path));
      return byId.get(name.trim().toLowerCase());
    },
    nearest(name) {
      // Only an unknown operation needs the list of names.
      names ??= operations.flatMap((operation) => [operation.key, operation.operationId]);
      const key = splitKey(name);
      return nearest(key === undefined ? name.trim() : `${key.method.toUpperCase()} ${key.path}`, names);
    },
  };
}
