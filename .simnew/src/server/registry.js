import { COMMAND_META, defaultMeta } from '../commands/docs.js';
export class CommandRegistry {
    top = new Map();
    byFull = new Map();
    constructor(specs, hidden = {}) {
        for (const spec of specs) {
            const name = spec.name.toLowerCase();
            const meta = COMMAND_META[name] ?? defaultMeta(spec.flags, 'generic');
            const cmd = {
                fullName: name,
                name,
                arity: spec.arity,
                summary: spec.summary,
                ...(spec.handler ? { handler: spec.handler } : {}),
                meta,
                parent: null,
                subcommands: null,
                hidden: null,
                aclId: name,
            };
            if (spec.subcommands && spec.subcommands.length > 0) {
                cmd.subcommands = new Map();
                for (const sub of spec.subcommands) {
                    const subName = sub.name.toLowerCase();
                    const full = `${name}|${subName}`;
                    const resolved = {
                        fullName: full,
                        name: subName,
                        arity: sub.arity,
                        summary: sub.summary,
                        handler: sub.handler,
                        meta: COMMAND_META[full] ?? defaultMeta(meta.flags, meta.group),
                        parent: cmd,
                        subcommands: null,
                        hidden: null,
                        aclId: full,
                    };
                    cmd.subcommands.set(subName, resolved);
                    this.byFull.set(full, resolved);
                }
                for (const alias of hidden[name] ?? []) {
                    const aliasName = alias.name.toLowerCase();
                    const original = [...cmd.subcommands.values()].find((s) => s.handler === alias.handler);
                    cmd.hidden ??= new Map();
                    cmd.hidden.set(aliasName, {
                        fullName: `${name}|${aliasName}`,
                        name: aliasName,
                        arity: alias.arity,
                        summary: alias.summary,
                        handler: alias.handler,
                        meta: original?.meta ?? defaultMeta(meta.flags, meta.group),
                        parent: cmd,
                        subcommands: null,
                        hidden: null,
                        aclId: original?.fullName ?? `${name}|${aliasName}`,
                    });
                }
            }
            this.top.set(name, cmd);
            this.byFull.set(name, cmd);
        }
    }
    /** Top-level command by name, case-insensitively. */
    get(name) {
        return this.top.get(name.toLowerCase());
    }
    /** Any command by full name (`client|id`), case-insensitively. */
    byFullName(full) {
        return this.byFull.get(full.toLowerCase());
    }
    /** Top-level commands in table order. */
    commands() {
        return [...this.top.values()];
    }
    /** Every command and subcommand (each container followed by its subcommands). */
    all() {
        const out = [];
        for (const c of this.top.values()) {
            out.push(c);
            if (c.subcommands)
                out.push(...c.subcommands.values());
        }
        return out;
    }
    get size() {
        return this.top.size;
    }
}
