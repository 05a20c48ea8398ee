/**
 * Users and their permissions, with the part of Redis 7.0's ACL rule syntax a sentinel needs:
 * `on`/`off`, passwords (`>pw`, `<pw`, `#hash`, `!hash`, `nopass`, `resetpass`), key and
 * channel patterns (`~p`, `%R~p`, `allkeys`, `resetkeys`, `&p`, `allchannels`,
 * `resetchannels`), commands (`+cmd`, `-cmd`, `+cmd|sub`, `+@category`, `allcommands`,
 * `nocommands`) and `reset`. Selectors `(...)` are not supported.
 *
 * `requirepass` is the default user's password, as in Redis (`resetpass` then `>pw`); a
 * `user default ...` line replaces it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ACL_CATEGORIES } from '../commands/docs.js';
import { globMatch } from '../lib/glob.js';
const HASH_RE = /^[0-9a-f]{64}$/;
const HASH_ERR = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
export const sha256hex = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
function newUser(name) {
    return {
        name,
        enabled: false,
        nopass: false,
        passwords: [],
        allowed: new Set(),
        allCommands: false,
        keys: [],
        allChannels: false,
        channels: [],
    };
}
function cloneUser(u) {
    return {
        ...u,
        passwords: [...u.passwords],
        allowed: new Set(u.allowed),
        keys: [...u.keys],
        channels: [...u.channels],
    };
}
export class Acl {
    registry;
    users = new Map();
    constructor(registry) {
        this.registry = registry;
        const d = newUser('default');
        this.applyAll(d, ['on', 'nopass', '~*', '&*', '+@all']);
        this.users.set('default', d);
    }
    /** Set the default user's password (Redis `requirepass`); null or '' means nopass. */
    setRequirePass(pass) {
        const d = this.defaultUser();
        this.applyAll(d, pass ? ['resetpass', `>${pass}`] : ['nopass']);
    }
    defaultUser() {
        return this.users.get('default');
    }
    get(name) {
        return this.users.get(name);
    }
    /** User names sorted like Redis's radix tree lists them. */
    names() {
        return [...this.users.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    /** Whether a fresh connection must authenticate (default user has a password or is off). */
    authRequired() {
        const d = this.defaultUser();
        return !d.nopass || !d.enabled;
    }
    /**
     * ACL SETUSER / `user` config line: apply every rule to a copy, store it only if all are
     * valid. Returns the Redis error text (without `ERR `) or null.
     */
    setUser(name, rules) {
        const existing = this.users.get(name);
        const u = existing ? cloneUser(existing) : newUser(name);
        if (!existing)
            this.applyOne(u, 'resetchannels');
        for (const rule of rules) {
            const err = this.applyOne(u, rule);
            if (err !== null)
                return `Error in ACL SETUSER modifier '${rule}': ${err}`;
        }
        this.users.set(name, u);
        return null;
    }
    /** A `user` line replaces the user wholesale (Redis resets the default user first). */
    defineUser(name, rules) {
        const u = newUser(name);
        this.applyOne(u, 'resetchannels');
        for (const rule of rules) {
            const err = this.applyOne(u, rule);
            if (err !== null)
                return `Error in user declaration '${name}': ${err}`;
        }
        this.users.set(name, u);
        return null;
    }
    /**
     * ACL LOAD: the users become exactly `defs` (the default user reset to `on nopass ~* &*
     * +@all` unless defined); nothing changes if one definition is invalid.
     */
    replaceUsers(defs) {
        const saved = new Map(this.users);
        this.users.clear();
        const d = newUser('default');
        this.applyAll(d, ['on', 'nopass', '~*', '&*', '+@all']);
        this.users.set('default', d);
        for (const [name, rules] of defs) {
            const err = this.defineUser(name, rules);
            if (err !== null) {
                this.users.clear();
                for (const [k, v] of saved)
                    this.users.set(k, v);
                return err;
            }
        }
        return null;
    }
    deleteUser(name) {
        if (name === 'default')
            return false;
        return this.users.delete(name);
    }
    /** Check credentials: the user must exist, be on, and accept the password. */
    authenticate(name, pass) {
        const u = this.users.get(name);
        if (!u || !u.enabled)
            return false;
        if (u.nopass)
            return true;
        const h = Buffer.from(sha256hex(pass), 'hex');
        return u.passwords.some((p) => timingSafeEqual(Buffer.from(p, 'hex'), h));
    }
    canRun(user, cmd) {
        // Redis 7.0: commands flagged no_auth (AUTH, HELLO) are always allowed.
        if (cmd.meta.flags.includes('no_auth'))
            return true;
        return user.allowed.has(cmd.aclId);
    }
    /** Channel permission: a channel must match a pattern; a PSUBSCRIBE pattern must equal one. */
    canUseChannel(user, channel, isPattern) {
        if (user.allChannels)
            return true;
        return user.channels.some((p) => (isPattern ? p === channel : globMatch(p, channel)));
    }
    applyAll(u, rules) {
        for (const r of rules)
            this.applyOne(u, r);
    }
    idsOfCategory(cat) {
        return this.registry
            .all()
            .filter((c) => c.meta.categories.includes(cat))
            .map((c) => c.fullName);
    }
    allIds() {
        return this.registry.all().map((c) => c.fullName);
    }
    /** Apply one rule; returns the reason text on error. */
    applyOne(u, rule) {
        const lower = rule.toLowerCase();
        switch (lower) {
            case 'on':
                u.enabled = true;
                return null;
            case 'off':
                u.enabled = false;
                return null;
            case 'nopass':
                u.nopass = true;
                u.passwords = [];
                return null;
            case 'resetpass':
                u.nopass = false;
                u.passwords = [];
                return null;
            case 'allkeys':
                u.keys = ['~*'];
                return null;
            case 'resetkeys':
                u.keys = [];
                return null;
            case 'allchannels':
                u.allChannels = true;
                u.channels = [];
                return null;
            case 'resetchannels':
                u.allChannels = false;
                u.channels = [];
                return null;
            case 'allcommands':
                return this.applyOne(u, '+@all');
            case 'nocommands':
                return this.applyOne(u, '-@all');
            case 'reset':
                this.applyAll(u, ['resetpass', 'resetkeys', 'resetchannels', 'off', '-@all']);
                return null;
            case 'skip-sanitize-payload':
            case 'sanitize-payload':
            case 'clearselectors':
                return null;
        }
        const c = rule[0];
        const rest = rule.slice(1);
        if (c === '>' || c === '<' || c === '#' || c === '!') {
            let hash;
            if (c === '>' || c === '<')
                hash = sha256hex(rest);
            else if (!HASH_RE.test(rest))
                return HASH_ERR;
            else
                hash = rest;
            u.nopass = false;
            if (c === '>' || c === '#') {
                if (!u.passwords.includes(hash))
                    u.passwords.push(hash);
            }
            else {
                const i = u.passwords.indexOf(hash);
                if (i === -1)
                    return 'The password you are trying to remove from the user does not exist';
                u.passwords.splice(i, 1);
            }
            return null;
        }
        if (c === '~' || c === '%') {
            if (c === '%' && !/^%(R|W|RW|WR)~/i.test(rule))
                return 'Syntax error';
            if (u.keys.includes('~*')) {
                return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
            }
            if (rule === '~*')
                u.keys = ['~*'];
            else if (!u.keys.includes(rule))
                u.keys.push(rule);
            return null;
        }
        if (c === '&') {
            if (u.allChannels) {
                return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
            }
            if (rest === '*') {
                u.allChannels = true;
                u.channels = [];
            }
            else if (!u.channels.includes(rest))
                u.channels.push(rest);
            return null;
        }
        if (c === '+' || c === '-')
            return this.applyCommandRule(u, c === '+', rest);
        return 'Syntax error';
    }
    applyCommandRule(u, allow, what) {
        const UNKNOWN = 'Unknown command or category name in ACL';
        let ids;
        if (what.startsWith('@')) {
            const cat = what.slice(1).toLowerCase();
            if (cat === 'all') {
                ids = this.allIds();
                u.allCommands = allow;
            }
            else if (ACL_CATEGORIES.includes(cat)) {
                ids = this.idsOfCategory(cat);
            }
            else {
                return UNKNOWN;
            }
        }
        else {
            const cmd = this.registry.byFullName(what);
            if (!cmd)
                return UNKNOWN;
            ids = [cmd.fullName, ...(cmd.subcommands ? [...cmd.subcommands.values()].map((s) => s.fullName) : [])];
        }
        for (const id of ids) {
            if (allow)
                u.allowed.add(id);
            else
                u.allowed.delete(id);
        }
        return null;
    }
    /**
     * The command rules in compact form, like ACL LIST / GETUSER show them: a `+@all` or
     * `-@all` base, the categories that bring the description closer to the user's actual
     * permissions (greedily, in ACL CAT order), then single-command fixes.
     */
    describeCommands(u) {
        const all = this.registry.all();
        const fake = new Set(u.allCommands ? all.map((c) => c.fullName) : []);
        const parts = [u.allCommands ? '+@all' : '-@all'];
        const mismatches = (s) => all.filter((c) => s.has(c.fullName) !== u.allowed.has(c.fullName)).length;
        for (const cat of ACL_CATEGORIES) {
            const ids = this.idsOfCategory(cat);
            if (ids.length === 0)
                continue;
            const next = new Set(fake);
            for (const id of ids) {
                if (u.allCommands)
                    next.delete(id);
                else
                    next.add(id);
            }
            if (mismatches(next) < mismatches(fake)) {
                parts.push(`${u.allCommands ? '-' : '+'}@${cat}`);
                fake.clear();
                for (const id of next)
                    fake.add(id);
            }
        }
        for (const c of this.registry.commands()) {
            const family = [c, ...(c.subcommands ? c.subcommands.values() : [])];
            const diff = family.filter((x) => fake.has(x.fullName) !== u.allowed.has(x.fullName));
            if (diff.length === 0)
                continue;
            const allSame = c.subcommands !== null &&
                diff.length === family.length &&
                diff.every((x) => u.allowed.has(x.fullName) === u.allowed.has(c.fullName));
            if (allSame) {
                parts.push(`${u.allowed.has(c.fullName) ? '+' : '-'}${c.fullName}`);
                continue;
            }
            for (const x of diff)
                parts.push(`${u.allowed.has(x.fullName) ? '+' : '-'}${x.fullName}`);
        }
        return parts.join(' ');
    }
    describeKeys(u) {
        return u.keys.join(' ');
    }
    describeChannels(u) {
        return u.allChannels ? '&*' : u.channels.map((c) => `&${c}`).join(' ');
    }
    /** The user in config-file form (`user alice on #... ~* &* +@all`), as ACL LIST prints it. */
    describe(u) {
        const parts = ['user', u.name, u.enabled ? 'on' : 'off'];
        if (u.nopass)
            parts.push('nopass');
        for (const p of u.passwords)
            parts.push(`#${p}`);
        if (u.keys.length > 0)
            parts.push(this.describeKeys(u));
        if (u.allChannels)
            parts.push('&*');
        else
            parts.push('resetchannels', ...u.channels.map((c) => `&${c}`));
        parts.push(this.describeCommands(u));
        return parts.join(' ');
    }
}
