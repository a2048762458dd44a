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
function labelFor(p: SchemaProblem, root: unknown, where: string, w: SchemaWording): string {
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
  if (!last) return where === 'body' ? say(w, 'requestBody') : say(w, 'whole', { where: humanizeName(where).toLowerCase() });
  const item = segments.length && /^\d+$/.test(segments[segments.length - 1]!) ? Number(segments.at(-1)) + 1 : undefined;
  return item === undefined ? humanizeName(last) : say(w, 'item', { label: humanizeName(last), n: item });
}

/**
 * The words the sentences are made of, so a client can say them in its own language (the console
 * builds one from its catalog). `{name}` placeholders are filled in; a count's text comes in a
 * `_one`/`_other` pair. English is the default, and the server's wording.
 */
export const SCHEMA_WORDING_EN = {
  sentence: '{label} {complaint}.',
  unknownField: '"{field}" is not a known field.',
  unknownFieldOf: '"{field}" is not a known field of {parent}.',
  requestBody: 'The request body',
  whole: 'The {where}',
  item: '{label} (item {n})',
  or: ' or ',
  required: 'is required',
  mustBe: 'must be {what}',
  type_string: 'text',
  type_number: 'a number',
  type_integer: 'a whole number',
  type_boolean: 'true or false',
  type_array: 'a list',
  type_object: 'an object',
  type_null: 'empty',
  format_email: 'a valid email address',
  format_uri: 'a valid URL',
  format_url: 'a valid URL',
  'format_uri-reference': 'a valid URL or path',
  format_hostname: 'a valid host name',
  'format_date-time': 'a date and time (ISO 8601)',
  format_date: 'a date (YYYY-MM-DD)',
  format_time: 'a time (HH:MM:SS)',
  format_uuid: 'a UUID',
  format_ipv4: 'an IPv4 address',
  format_ipv6: 'an IPv6 address',
  formatOther: 'in the "{format}" format',
  empty: 'cannot be empty',
  blank: 'cannot be blank',
  minLength_one: 'must be at least {count} character long',
  minLength_other: 'must be at least {count} characters long',
  maxLength_one: 'must be at most {count} character long',
  maxLength_other: 'must be at most {count} characters long',
  pattern: 'is not in the expected format',
  oneOfValues: 'must be one of {values}',
  minimum: 'must be at least {limit}',
  maximum: 'must be at most {limit}',
  exclusiveMinimum: 'must be greater than {limit}',
  exclusiveMaximum: 'must be less than {limit}',
  multipleOf: 'must be a multiple of {limit}',
  minItemsOne: 'needs at least one item',
  minItems_one: 'needs at least {count} item',
  minItems_other: 'needs at least {count} items',
  maxItems_one: 'can have at most {count} item',
  maxItems_other: 'can have at most {count} items',
  uniqueItems: 'has the same item twice',
  minProperties_one: 'needs at least {count} entry',
  minProperties_other: 'needs at least {count} entries',
  maxProperties_one: 'can have at most {count} entry',
  maxProperties_other: 'can have at most {count} entries',
  noForm: 'does not match any of the allowed forms',
  notAllowed: 'is not allowed',
  notValid: 'is not valid',
};

export type SchemaWording = { readonly [K in keyof typeof SCHEMA_WORDING_EN]: string };

/** The wording's text for `key` with its `{placeholders}` filled in. */
function say(w: SchemaWording, key: keyof SchemaWording, vars: Record<string, unknown> = {}): string {
  return w[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** English's plural rule: one for 1, other otherwise (what the wording's `_one`/`_other` pairs follow unless the client passes its own). */
const englishPlural = (n: number): 'one' | 'other' => (n === 1 ? 'one' : 'other');

type Counted = 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties';

const list = (values: unknown[]) =>
  values
    .slice(0, 8)
    .map((v) => JSON.stringify(v))
    .join(', ') + (values.length > 8 ? ', ...' : '');

/** How a client says its sentences: the words, and the language's plural rule. */
export interface SchemaLanguage {
  wording: SchemaWording;
  plural: (n: number) => 'one' | 'other';
}

const ENGLISH: SchemaLanguage = { wording: SCHEMA_WORDING_EN, plural: englishPlural };

/** What is wrong, after the label: "is required", "must be a number"... */
function complaint(p: SchemaProblem, lang: SchemaLanguage): string {
  const w = lang.wording;
  const q = p.params ?? {};
  const limit = Number(q.limit);
  const counted = (key: Counted) => say(w, `${key}_${lang.plural(limit)}`, { count: limit });
  switch (p.keyword) {
    case 'required':
      return say(w, 'required');
    case 'type': {
      const types = String(q.type ?? '').split(',');
      const words = types.map((t) => (`type_${t}` in w ? w[`type_${t}` as keyof SchemaWording] : t));
      return say(w, 'mustBe', { what: words.join(w.or) });
    }
    case 'minLength':
      return limit <= 1 ? say(w, 'empty') : counted('minLength');
    case 'maxLength':
      return counted('maxLength');
    case 'pattern':
      // `\S` is how schemas here say "not only spaces".
      return q.pattern === '\\S' ? say(w, 'blank') : say(w, 'pattern');
    case 'format': {
      const key = `format_${String(q.format)}`;
      return say(w, 'mustBe', { what: key in w ? w[key as keyof SchemaWording] : say(w, 'formatOther', { format: String(q.format) }) });
    }
    case 'enum':
      return say(w, 'oneOfValues', { values: list((q.allowedValues as unknown[]) ?? []) });
    case 'const':
      return say(w, 'mustBe', { what: JSON.stringify(q.allowedValue) });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return say(w, p.keyword, { limit: q.limit });
    case 'multipleOf':
      return say(w, 'multipleOf', { limit: q.multipleOf });
    case 'minItems':
      return limit <= 1 ? say(w, 'minItemsOne') : counted('minItems');
    case 'maxItems':
      return counted('maxItems');
    case 'uniqueItems':
      return say(w, 'uniqueItems');
    case 'minProperties':
      return limit <= 1 ? say(w, 'empty') : counted('minProperties');
    case 'maxProperties':
      return counted('maxProperties');
    case 'anyOf':
    case 'oneOf':
      return say(w, 'noForm');
    case 'not':
    case 'false schema':
      return say(w, 'notAllowed');
    default:
      // The validator's own text is English: other languages say "is not valid".
      return w === SCHEMA_WORDING_EN && p.message ? p.message.replace(/^must NOT/, 'must not') : say(w, 'notValid');
  }
}

/**
 * One problem as a sentence: "API key is required.", "Poll seconds must be at least 10." In English
 * unless a client passes its own language.
 */
export function describeSchemaProblem(p: SchemaProblem, rootSchema?: unknown, where = 'body', lang: SchemaLanguage = ENGLISH): string {
  const w = lang.wording;
  if (p.keyword === 'additionalProperties') {
    const field = String(p.params?.additionalProperty ?? '');
    const parent = p.instancePath.split('/').filter(Boolean).map(decode).at(-1);
    return parent ? say(w, 'unknownFieldOf', { field, parent: humanizeName(parent) }) : say(w, 'unknownField', { field });
  }
  return say(w, 'sentence', { label: labelFor(p, rootSchema, where, w), complaint: complaint(p, lang) });
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
