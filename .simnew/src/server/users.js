/**
 * Loading the users a sentinel's clients authenticate as, from `requirepass`, `user` lines
 * and `aclfile`, in Redis's order: requirepass sets the default user's password, then the
 * users are defined (a `user default ...` line replaces requirepass). The ACL file holds
 * `user ...` lines too and cannot be combined with `user` lines in the config.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { splitInlineArgs } from '../resp/inline.js';
/**
 * Problems found in the user definitions, as texts (empty when all is well). The config
 * layer may call this at load time to fail like Redis does on a bad `user` line.
 */
export function loadAclUsers(acl, config) {
    const problems = [];
    acl.setRequirePass(config.requirepass);
    if (config.aclfile && config.users.length > 0) {
        problems.push('Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.');
    }
    for (const line of config.users) {
        if (line.length === 0)
            continue;
        const err = acl.defineUser(line[0], line.slice(1));
        if (err !== null)
            problems.push(err);
    }
    if (config.aclfile && config.users.length === 0) {
        const err = loadAclFile(acl, config.aclfile);
        if (err !== null)
            problems.push(err);
    }
    return problems;
}
/** Read `user ...` lines from an ACL file into `acl` (all or nothing). Returns an error text. */
export function loadAclFile(acl, path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (err) {
        return `Error loading ACLs, opening file '${path}': ${err.message}`;
    }
    const lines = [];
    const rows = text.split('\n');
    for (let i = 0; i < rows.length; i++) {
        const row = rows[i].trim();
        if (row === '' || row.startsWith('#'))
            continue;
        const args = splitInlineArgs(Buffer.from(row, 'utf8'))?.map((b) => b.toString('utf8'));
        if (!args || args[0] !== 'user' || args.length < 2) {
            return `${path}:${i + 1}: should start with user keyword`;
        }
        lines.push(args.slice(1));
    }
    const err = acl.replaceUsers(lines.map(([name, ...rules]) => [name, rules]));
    return err === null ? null : `${path}: ${err}`;
}
/** ACL SAVE: write every user as a `user` line, atomically. Returns an error text or null. */
export function saveAclFile(acl, path) {
    const body = acl
        .names()
        .map((n) => acl.describe(acl.get(n)))
        .join('\n');
    const tmp = `${path}.tmp-${process.pid}`;
    try {
        writeFileSync(tmp, `${body}\n`, { mode: 0o644 });
        renameSync(tmp, path);
        return null;
    }
    catch {
        return `There was an error trying to save the ACLs. Please check the server logs for more information`;
    }
}
