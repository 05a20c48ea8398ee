/**
 * The command table as the server uses it: top-level commands by lower-case name, each
 * container with its subcommands, and every entry's COMMAND INFO metadata. Built once from
 * the CommandSpec list (generic commands plus SENTINEL).
 */
import type { CommandHandler, CommandSpec, SubcommandSpec } from '../commands/context.js';
import { COMMAND_META, defaultMeta, type CommandMeta } from '../commands/docs.js';

export interface ResolvedCommand {
  /** `ping`, or `client|id` for a subcommand (what COMMAND LIST and error texts show). */
  fullName: string;
  /** Lower-case own name (`id` for `client|id`). */
  name: string;
  arity: number;
  summary: string;
  handler?: CommandHandler;
  meta: CommandMeta;
  parent: ResolvedCommand | null;
  /** Subcommands by lower-case name, in spec order. */
  subcommands: Map<string, ResolvedCommand> | null;
  /** Subcommands accepted but never listed (Valkey-style SENTINEL aliases). */
  hidden: Map<string, ResolvedCommand> | null;
  /** Name ACL rules know this command by (an alias shares its original's). */
  aclId: string;
}

/** Subcommands to accept without listing them, by container name. */
export type HiddenSubcommands = Readonly<Record<string, readonly SubcommandSpec[]>>;

export class CommandRegistry {
  private readonly top = new Map<string, ResolvedCommand>();
  private readonly byFull = new Map<string, ResolvedCommand>();

  constructor(specs: readonly CommandSpec[], hidden: HiddenSubcommands = {}) {
    for (const spec of specs) {
      const name = spec.name.toLowerCase();
      const meta = COMMAND_META[name] ?? defaultMeta(spec.flags, 'generic');
      const cmd: ResolvedCommand = {
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
          const resolved: ResolvedCommand = {
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
  get(name: string): ResolvedCommand | undefined {
    return this.top.get(name.toLowerCase());
  }

  /** Any command by full name (`client|id`), case-insensitively. */
  byFullName(full: string): ResolvedCommand | undefined {
    return this.byFull.get(full.toLowerCase());
  }

  /** Top-level commands in table order. */
  commands(): ResolvedCommand[] {
    return [...this.top.values()];
  }

  /** Every command and subcommand (each container followed by its subcommands). */
  all(): ResolvedCommand[] {
    const out: ResolvedCommand[] = [];
    for (const c of this.top.values()) {
      out.push(c);
      if (c.subcommands) out.push(...c.subcommands.values());
    }
    return out;
  }

  get size(): number {
    return this.top.size;
  }
}
