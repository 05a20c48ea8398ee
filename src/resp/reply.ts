/**
 * A reply is built once as a typed value and encoded per connection for RESP2 or RESP3:
 * maps become flat arrays in RESP2, push frames become arrays, verbatim strings bulk strings,
 * exactly as Redis does for the same reply builders.
 */
export type Reply =
  | { readonly t: 'simple'; readonly v: string }
  /** Full error text including its code, e.g. `ERR unknown command ...` or `NOAUTH ...`. */
  | { readonly t: 'error'; readonly v: string }
  | { readonly t: 'int'; readonly v: number | bigint }
  | { readonly t: 'bulk'; readonly v: string | Buffer }
  /** RESP2 `$-1`, RESP3 `_`. */
  | { readonly t: 'null' }
  /** RESP2 `*-1`, RESP3 `_`. */
  | { readonly t: 'nullArray' }
  | { readonly t: 'array'; readonly v: readonly Reply[] }
  /** RESP3 `%`; RESP2 flat array of key, value, key, value. */
  | { readonly t: 'map'; readonly v: readonly (readonly [Reply, Reply])[] }
  /** RESP3 `=` with a 3-letter format (Redis uses `txt` for INFO); RESP2 bulk. */
  | { readonly t: 'verbatim'; readonly v: string }
  /** RESP3 `>`; RESP2 array. Used for pub/sub messages. */
  | { readonly t: 'push'; readonly v: readonly Reply[] }
  /** RESP3 `#`; RESP2 integer 0/1. */
  | { readonly t: 'bool'; readonly v: boolean }
  /** RESP3 `~`; RESP2 array. Redis 7.0 uses sets for COMMAND INFO flags and ACL GETUSER flags. */
  | { readonly t: 'set'; readonly v: readonly Reply[] }
  /** RESP3 `,`; RESP2 bulk string in `%.17g` form (ACL LOG `age-seconds`). */
  | { readonly t: 'double'; readonly v: number };

export const OK: Reply = { t: 'simple', v: 'OK' };
export const NIL: Reply = { t: 'null' };
export const NIL_ARRAY: Reply = { t: 'nullArray' };

export const simple = (v: string): Reply => ({ t: 'simple', v });
export const error = (v: string): Reply => ({ t: 'error', v });
export const int = (v: number | bigint): Reply => ({ t: 'int', v });
export const bulk = (v: string | Buffer): Reply => ({ t: 'bulk', v });
export const array = (v: readonly Reply[]): Reply => ({ t: 'array', v });
export const push = (v: readonly Reply[]): Reply => ({ t: 'push', v });
export const verbatim = (v: string): Reply => ({ t: 'verbatim', v });
export const bool = (v: boolean): Reply => ({ t: 'bool', v });
export const set = (v: readonly Reply[]): Reply => ({ t: 'set', v });
export const double = (v: number): Reply => ({ t: 'double', v });
export const bulkArray = (v: readonly string[]): Reply => array(v.map(bulk));

/** A map whose keys are bulk strings; values given as replies. */
export function map(entries: readonly (readonly [string, Reply])[]): Reply {
  return { t: 'map', v: entries.map(([k, val]) => [bulk(k), val] as const) };
}

/** A map of bulk-string values: Sentinel sends every number in instance maps as a bulk string. */
export function bulkMap(entries: readonly (readonly [string, string | number | bigint])[]): Reply {
  return map(entries.map(([k, v]) => [k, bulk(String(v))] as const));
}
