/**
 * Value checks shared by the generic directives (generic.ts) and the TLS ones (tls.ts), with
 * Redis 7.0's error texts for its bool and enum config types.
 */
/** A Redis bool config value: yes/no in any case, else the error text. */
export function parseYesNo(value) {
    const v = value.toLowerCase();
    if (v === 'yes')
        return true;
    if (v === 'no')
        return false;
    return "argument must be 'yes' or 'no'";
}
/** A Redis enum config's error text, listing the accepted values in its order. */
export function enumError(values) {
    return `argument(s) must be one of the following: ${values.join(', ')}`;
}
