export const OK = { t: 'simple', v: 'OK' };
export const NIL = { t: 'null' };
export const NIL_ARRAY = { t: 'nullArray' };
export const simple = (v) => ({ t: 'simple', v });
export const error = (v) => ({ t: 'error', v });
export const int = (v) => ({ t: 'int', v });
export const bulk = (v) => ({ t: 'bulk', v });
export const array = (v) => ({ t: 'array', v });
export const push = (v) => ({ t: 'push', v });
export const verbatim = (v) => ({ t: 'verbatim', v });
export const bool = (v) => ({ t: 'bool', v });
export const set = (v) => ({ t: 'set', v });
export const double = (v) => ({ t: 'double', v });
export const bulkArray = (v) => array(v.map(bulk));
/** A map whose keys are bulk strings; values given as replies. */
export function map(entries) {
    return { t: 'map', v: entries.map(([k, val]) => [bulk(k), val]) };
}
/** A map of bulk-string values: Sentinel sends every number in instance maps as a bulk string. */
export function bulkMap(entries) {
    return map(entries.map(([k, v]) => [k, bulk(String(v))]));
}
