/**
 * Validation problems as sentences a person reads ("API key is required."), not a validator's
 * wording ("must have required property 'apiKey'"). One wording for the server (Ajv errors) and
 * the console's forms (its own schema interpreter), so a field reads the same in both.
 */

/** One problem a schema found: Ajv's `ErrorObject` has this shape, and so does the console's. */
export interface SchemaProblem {
  keyword: string;
  /** Where, as a JSON pointer into the value (`/settings/apiKey`); empty for the value itself. */
  instancePath: string;
  /** Where in the schema (`#/properties/settings/required`); used to find a field's title. */
  schemaPath?: string;
  params?: Record<string, unknown>;
  /** The validator's own text, kept as the last resort. */
  message?: string;
}

/** What the API answers per refused field: `field` names the part and the path (`body/settings/apiKey`). */
export interface ReadableFieldError {
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

const ACRONYMS = new Set([
  'api',
  'url',
  'uri',
  'id',
  'ids',
  'sid',
  'ip',
  'smtp',
  'sms',
  'csat',
  'http',
  'https',
  'jwt',
  'ttl',
  'css',
  'html',
]);

/** `apiKey` -> "API key", `site_key_id` -> "Site key ID", `pollSeconds` -> "Poll seconds". */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (!words.length) return name;
  const first = words[0]!;
  words[0] = first === first.toUpperCase() ? first : first[0]!.toUpperCase() + first.slice(1);
  return words.join(' ');
}

type Node = Record<string, unknown>;

function decode(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema node a `#/a/b` pointer names, when it can be followed without resolving `$ref`s. */
function nodeAt(root: unknown, pointer: string): Node | undefined {
  let node: unknown = root;
  for (const part of pointer.replace(/^#/, '').split('/').filter(Boolean)) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Node)[decode(part)];
  }
  return node && typeof node === 'object' ? (node as Node) : undefined;
}

/** The label of the field a problem is about: the schema's `title` when it has one, else the name made readable. */
function labelFor(p: SchemaProblem, root: unknown, where: string): string {
  const segments = p.instancePath.split('/').filter(Boolean).map(decode);
  const parentPointer = p.schemaPath ? p.schemaPath.slice(0, p.schemaPath.lastIndexOf('/')) : undefined;
  const missing = p.keyword === 'required' ? String(p.params?.missingProperty ?? '') : '';
  if (missing) {
    const title = parentPointer ? (nodeAt(root, parentPointer)?.properties as Node | undefined)?.[missing] : undefined;
    const t = (title as Node | undefined)?.title;
    return typeof t === 'string' && t ? t : humanizeName(missing);
  }
  const title = parentPointer ? nodeAt(root, parentPointer)?.title : undefined;
  if (typeof title === 'string' && title) return title;
  const last = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  if (!last) return where === 'body' ? 'The request body' : `The ${humanizeName(where).toLowerCase()}`;
  const index = segments.length && /^\d+$/.test(segments[segments.length - 1]!) ? ` (item ${Number(segments.at(-1)) + 1})` : '';
  return `${humanizeName(last)}${index}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'a valid email address',
  uri: 'a valid URL',
  url: 'a valid URL',
  'uri-reference': 'a valid URL or path',
  hostname: 'a valid host name',
  'date-time': 'a date and time (ISO 8601)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM:SS)',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

const list = (values: unknown[]) =>
  values
    .slice(0, 8)
    .map((v) => JSON.stringify(v))
    .join(', ') + (values.length > 8 ? ', ...' : '');

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What is wrong, after the label: "is required", "must be a number"... */
function complaint(p: SchemaProblem): string {
  const q = p.params ?? {};
  const limit = Number(q.limit);
  switch (p.keyword) {
    case 'required':
      return 'is required';
    case 'type': {
      const types = String(q.type ?? '').split(',');
      return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    }
    case 'minLength':
      return limit <= 1 ? 'cannot be empty' : `must be at least ${plural(limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(limit, 'character')} long`;
    case 'pattern':
      // `\S` is how schemas here say "not only spaces".
      return q.pattern === '\\S' ? 'cannot be blank' : 'is not in the expected format';
    case 'format':
      return `must be ${FORMAT_WORDS[String(q.format)] ?? `in the "${String(q.format)}" format`}`;
    case 'enum':
      return `must be one of ${list((q.allowedValues as unknown[]) ?? [])}`;
    case 'const':
      return `must be ${JSON.stringify(q.allowedValue)}`;
    case 'minimum':
      return `must be at least ${q.limit}`;
    case 'maximum':
      return `must be at most ${q.limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${q.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${q.limit}`;
    case 'multipleOf':
      return `must be a multiple of ${q.multipleOf}`;
    case 'minItems':
      return limit <= 1 ? 'needs at least one item' : `needs at least ${plural(limit, 'item')}`;
    case 'maxItems':
      return `can have at most ${plural(limit, 'item')}`;
    case 'uniqueItems':
      return 'has the same item twice';
    case 'minProperties':
      return limit <= 1 ? 'cannot be empty' : `needs at least ${plural(limit, 'entry')}`;
    case 'maxProperties':
      return `can have at most ${plural(limit, 'entry')}`;
    case 'anyOf':
    case 'oneOf':
      return 'does not match any of the allowed forms';
    case 'not':
      return 'is not allowed';
    case 'false schema':
      return 'is not allowed';
    default:
      return p.message ? p.message.replace(/^must NOT/, 'must not') : 'is not valid';
  }
}

/** One problem as a sentence: "API key is required.", "Poll seconds must be at least 10." */
export function describeSchemaProblem(p: SchemaProblem, rootSchema?: unknown, where = 'body'): string {
  if (p.keyword === 'additionalProperties') {
    const extra = String(p.params?.additionalProperty ?? '');
    const parent = p.instancePath.split('/').filter(Boolean).map(decode).at(-1);
    return `"${extra}" is not a known field${parent ? ` of ${humanizeName(parent)}` : ''}.`;
  }
  return `${labelFor(p, rootSchema, where)} ${complaint(p)}.`;
}

/**
 * A validator's errors as the API answers them: `field` is `where` plus the path, `message` a
 * sentence. Only the first problem per field is kept (Ajv reports an `anyOf` branch's every miss).
 */
export function readableFieldErrors(where: string, problems: readonly SchemaProblem[], rootSchema?: unknown): ReadableFieldError[] {
  const seen = new Set<string>();
  const out: ReadableFieldError[] = [];
  for (const p of problems) {
    const field = `${where}${p.instancePath}`;
    const key = p.keyword === 'required' || p.keyword === 'additionalProperties' ? `${field}:${JSON.stringify(p.params)}` : field;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message: describeSchemaProblem(p, rootSchema, where), ...(p.params ? { params: p.params } : {}) });
  }
  return out;
}

/** The errors' sentences as one message (at most three, then how many more). */
export function summarizeFieldErrors(errors: readonly { message: string }[], fallback: string): string {
  if (!errors.length) return fallback;
  const shown = errors.slice(0, 3).map((e) => e.message);
  const more = errors.length - shown.length;
  return more > 0 ? `${shown.join(' ')} (and ${more} more)` : shown.join(' ');
}
