import type { JsonSchema } from './http.js';
import type { MessageComponent } from './channel.js';
import type { ComponentDef } from './plugin.js';
import { readableFieldErrors, type ReadableFieldError, type SchemaProblem } from './validation-messages.js';
import { BUILT_IN_COMPONENT_SCHEMAS } from './component-schemas.js';

/** Compiles a JSON schema into a check that answers its problems (the host passes its Ajv). */
export type ComponentSchemaCompiler = (schema: JsonSchema) => (value: unknown) => readonly SchemaProblem[];

/** A rich message type the registry knows: built in, or registered by a plugin. */
export interface RegisteredComponent {
  type: string;
  /** `bacon` for the built-in types, else the plugin id. */
  owner: string;
  /** Channels that render it natively besides those listing it in their adapter's `supports`. */
  channels: string[];
}

/** Largest number of components on one message. */
export const MAX_MESSAGE_COMPONENTS = 20;

/** A type's name: lower-case letters, digits, `_` and `-` (a dot would break the sandbox's manifest paths). */
export const COMPONENT_TYPE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

interface Entry extends RegisteredComponent {
  check: (value: unknown) => readonly SchemaProblem[];
  schema: JsonSchema;
  fallbackText?: (payload: Record<string, unknown>) => string;
}

/**
 * The rich message types of an install: `text | card | product | quick_replies | survey | template`
 * built in, plus the `components` plugins declare (`definePlugin({components: {...}})`). It checks
 * what is sent (agent replies, automation), says which channels render a type, and gives each type's
 * text for the channels that cannot (docs/plugins/components.md).
 */
export class MessageComponentRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly compile: ComponentSchemaCompiler) {
    for (const [type, schema] of Object.entries(BUILT_IN_COMPONENT_SCHEMAS)) {
      this.entries.set(type, { type, owner: 'bacon', channels: [], schema, check: compile(schema) });
    }
  }

  /**
   * Adds a plugin's type. Throws when the name is malformed or already taken (a built-in type, or
   * another plugin's): the first registration stays.
   */
  register(owner: string, type: string, def: ComponentDef): void {
    if (!COMPONENT_TYPE_NAME.test(type))
      throw new Error(`component type "${type}" of ${owner}: names are lower-case letters, digits, _ and - (64 at most)`);
    const taken = this.entries.get(type);
    if (taken) throw new Error(`component type "${type}" of ${owner} is already registered by ${taken.owner}`);
    const schema: JsonSchema = { ...def.schema };
    this.entries.set(type, {
      type,
      owner,
      channels: [...(def.channels ?? [])],
      schema,
      check: this.compile({ type: 'object', required: ['type'], allOf: [schema] }),
      fallbackText: typeof def.fallbackText === 'function' ? def.fallbackText : undefined,
    });
  }

  /** Removes the types a plugin registered (it stopped). */
  unregister(owner: string): void {
    for (const [type, e] of this.entries) if (e.owner === owner && owner !== 'bacon') this.entries.delete(type);
  }

  has(type: string): boolean {
    return this.entries.has(type);
  }

  /** Every known type, built-in first, then by name. */
  list(): RegisteredComponent[] {
    return [...this.entries.values()]
      .map(({ type, owner, channels }) => ({ type, owner, channels: [...channels] }))
      .sort((a, b) => Number(a.owner !== 'bacon') - Number(b.owner !== 'bacon') || a.type.localeCompare(b.type));
  }

  /** A type's payload schema (what the console's editor and the docs show). */
  schemaOf(type: string): JsonSchema | undefined {
    return this.entries.get(type)?.schema;
  }

  /**
   * What is wrong with a message's components, as the API answers it (`field` from `where`, e.g.
   * `body/components/1/options`); empty when every component is a known type with a valid payload.
   */
  problems(components: unknown, where = 'body/components'): ReadableFieldError[] {
    if (components === undefined) return [];
    if (!Array.isArray(components)) return [{ field: where, message: 'Components must be a list.' }];
    if (components.length > MAX_MESSAGE_COMPONENTS)
      return [{ field: where, message: `A message carries at most ${MAX_MESSAGE_COMPONENTS} components.` }];
    const out: ReadableFieldError[] = [];
    components.forEach((c, i) => {
      const at = `${where}/${i}`;
      const type = c && typeof c === 'object' ? (c as { type?: unknown }).type : undefined;
      if (typeof type !== 'string') return void out.push({ field: `${at}/type`, message: 'Each component needs a type.' });
      const entry = this.entries.get(type);
      if (!entry) {
        const known = this.list().map((k) => k.type);
        return void out.push({ field: `${at}/type`, message: `"${type}" is not a known component type.`, params: { known } });
      }
      out.push(...readableFieldErrors(at, entry.check(c), entry.schema).map((e) => ({ ...e, params: { ...e.params, type } })));
    });
    return out;
  }

  /** Whether `channel` shows `type` natively (its adapter lists it in `supports`, or the type names the channel). */
  renders(type: string, channel: { name: string; supports?: readonly string[] }): boolean {
    if ((channel.supports ?? ['text']).includes(type)) return true;
    return this.entries.get(type)?.channels.includes(channel.name) ?? false;
  }

  /** Text of a component for channels that cannot show it: the plugin's `fallbackText`, else the built-in wording. */
  fallbackText(c: MessageComponent): string {
    const entry = this.entries.get(c.type);
    if (entry?.fallbackText) {
      try {
        const text = entry.fallbackText(c as Record<string, unknown>);
        if (typeof text === 'string') return text.slice(0, 5000);
      } catch {
        // A plugin's broken fallback never stops a message: the generic text below is used.
      }
    }
    return builtInFallbackText(c);
  }

  /** The components as `channel` can show them: the others become their text. */
  degrade(
    components: readonly MessageComponent[] | undefined,
    channel: { name: string; supports?: readonly string[] },
  ): MessageComponent[] {
    return (components ?? []).map((c) => (this.renders(c.type, channel) ? c : { type: 'text', text: this.fallbackText(c) }));
  }
}

/** The text of a built-in component (an unknown type: its `text` field, if any). */
export function builtInFallbackText(c: MessageComponent): string {
  const f = c as Record<string, unknown> & { type: string };
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (f.type) {
    case 'text':
      return s(f.text);
    case 'card': {
      const buttons = ((f.buttons ?? []) as { label: string; url?: string }[]).map((b) => `- ${b.label}${b.url ? `: ${b.url}` : ''}`);
      return [s(f.title), s(f.text), buttons.join('\n')].filter(Boolean).join('\n');
    }
    case 'product':
      return [s(f.title), s(f.price), s(f.url)].filter(Boolean).join(' - ');
    case 'quick_replies':
      return `${s(f.text)}\n${((f.options ?? []) as { label: string }[]).map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`;
    case 'survey':
      return `${s(f.question)} (1-${Number(f.scale) || 5})`;
    default:
      return s(f.text);
  }
}
