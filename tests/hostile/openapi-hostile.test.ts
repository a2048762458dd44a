import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  startTestHost,
  createTestUser,
  createTestVisitor,
  sampleFromSchema,
  type TestHost,
  type TestUser,
  type TestVisitor,
} from '@bacon/host/testing';

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: Schema }[];
  body?: Schema;
}
interface Probe {
  op: Operation;
  label: string;
  url: string;
  init: RequestInit;
}

/** Strings that have broken real servers: control characters, sizes, encodings, paths, numbers. */
const HOSTILE_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  'x'.repeat(10_000),
  '💥\ud800',
  '\udfff',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '-1',
  '1e309',
  'NaN',
  'null',
  '__proto__',
  'constructor',
  ' ',
  'ǅ\u202e\ufeff',
];

/** Values of the wrong type (or hostile shape) for one body property. */
const HOSTILE_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  'x'.repeat(200_000),
  '\u0000',
  nested(200),
];

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Whole bodies of the wrong shape. */
const HOSTILE_BODIES: { label: string; text: string; type?: string }[] = [
  { label: 'null body', text: 'null' },
  { label: 'array body', text: '[]' },
  { label: 'string body', text: '"s"' },
  { label: 'number body', text: '123' },
  { label: 'empty object', text: '{}' },
  { label: 'malformed JSON', text: '{"a":' },
  { label: 'proto keys', text: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
  { label: 'deep nesting', text: `${'['.repeat(50_000)}${']'.repeat(50_000)}` },
  { label: 'NUL key', text: '{"\\u0000":1}' },
  { label: 'form-encoded', text: 'apiKey=k-123', type: 'application/x-www-form-urlencoded' },
  { label: 'text/plain JSON', text: '{"a":1}', type: 'text/plain' },
];

/** Percent-encodes like encodeURIComponent, writing a lone surrogate as its (invalid) WTF-8 bytes. */
function encodeHostile(s: string): string {
  let out = '';
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff) {
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Raw (already encoded) path and query pieces that are not valid percent-encoding or UTF-8. */
const RAW_PIECES = ['%', '%zz', '%ff%fe', '%c0%af', '%00'];

function operationsOf(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method, path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return ops;
}

/** A URL with every path parameter filled (a sample that fits its schema, or `override`). */
function urlOf(base: string, op: Operation, override: Record<string, string> = {}, query = ''): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (name in override) return override[name]!;
    const p = op.params.find((x) => x.in === 'path' && x.name === name);
    const sample = p ? sampleFromSchema(p.schema) : undefined;
    return encodeURIComponent(typeof sample === 'string' || typeof sample === 'number' ? String(sample) : randomUUID());
  });
  return `${base}${path}${query}`;
}

/** Every hostile variant of one operation, each a single request. */
function probesOf(base: string, op: Operation): Probe[] {
  const method = op.method.toUpperCase();
  const takesBody = method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
  const validBody = op.body ? sampleFromSchema(op.body) : undefined;
  const jsonInit = (body: unknown): RequestInit =>
    takesBody ? { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : { method };
  const probes: Probe[] = [];
  const add = (label: string, url: string, init: RequestInit) => probes.push({ op, label, url, init });

  add('sample request', urlOf(base, op), jsonInit(validBody));
  for (const p of op.params.filter((x) => x.in === 'path')) {
    for (const s of HOSTILE_STRINGS)
      add(`path ${p.name}=${JSON.stringify(s.slice(0, 20))}`, urlOf(base, op, { [p.name]: encodeHostile(s) }), jsonInit(validBody));
    for (const raw of RAW_PIECES) add(`path ${p.name} raw ${raw}`, urlOf(base, op, { [p.name]: raw }), jsonInit(validBody));
  }
  for (const p of op.params.filter((x) => x.in === 'query')) {
    for (const s of HOSTILE_STRINGS)
      add(`query ${p.name}=${JSON.stringify(s.slice(0, 20))}`, urlOf(base, op, {}, `?${p.name}=${encodeHostile(s)}`), jsonInit(validBody));
    for (const raw of RAW_PIECES) add(`query ${p.name} raw ${raw}`, urlOf(base, op, {}, `?${p.name}=${raw}`), jsonInit(validBody));
    const sample = sampleFromSchema(p.schema);
    if (typeof sample === 'string')
      add(
        `query ${p.name} sample with NUL`,
        urlOf(base, op, {}, `?${p.name}=${encodeHostile(`${sample.slice(0, 1)}\u0000${sample.slice(1)}`)}`),
        jsonInit(validBody),
      );
    add(`query ${p.name} twice`, urlOf(base, op, {}, `?${p.name}=a&${p.name}=b`), jsonInit(validBody));
  }
  add('undeclared proto query', urlOf(base, op, {}, '?__proto__[admin]=1&constructor[prototype][x]=1'), jsonInit(validBody));
  if (takesBody) {
    for (const b of HOSTILE_BODIES)
      add(`body: ${b.label}`, urlOf(base, op), { method, headers: { 'content-type': b.type ?? 'application/json' }, body: b.text });
    const props = Object.keys((op.body?.properties as Schema | undefined) ?? {});
    if (validBody && typeof validBody === 'object' && !Array.isArray(validBody)) {
      for (const key of props) {
        for (const v of HOSTILE_VALUES)
          add(`body.${key}=${JSON.stringify(v)?.slice(0, 20)}`, urlOf(base, op), jsonInit({ ...(validBody as object), [key]: v }));
        // A value that passes the schema but for one character: it reaches the handler and storage.
        const sample = (validBody as Record<string, unknown>)[key] ?? sampleFromSchema((op.body!.properties as Schema)[key]);
        if (typeof sample === 'string') {
          for (const bad of ['\u0000', '\ud800']) {
            add(
              `body.${key} with ${JSON.stringify(bad)} inside`,
              urlOf(base, op),
              jsonInit({ ...(validBody as object), [key]: `${sample.slice(0, 1)}${bad}${sample.slice(1)}` }),
            );
          }
        }
      }
    }
  }
  return probes;
}

/** Runs probes a few at a time; answers the status of each, or the error of a dropped connection. */
async function runAll(
  probes: Probe[],
  headers: Record<string, string>,
  width = 6,
): Promise<{ probe: Probe; status?: number; code?: string; error?: string }[]> {
  const out: { probe: Probe; status?: number; code?: string; error?: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!;
      try {
        const res = await fetch(probe.url, {
          ...probe.init,
          headers: { ...(probe.init.headers as Record<string, string>), ...headers },
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        out.push({ probe, status: res.status, code });
      } catch (err) {
        out.push({ probe, error: (err as Error).cause ? String((err as Error).cause) : (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

const describeOf = (r: { probe: Probe; status?: number; code?: string; error?: string }) =>
  `${r.probe.op.method.toUpperCase()} ${r.probe.op.path} [${r.probe.label}] -> ${r.error ?? `${r.status} ${r.code ?? ''}`}`;

/**
 * Reads the live OpenAPI document and sends every operation hostile variants (wrong types, sizes,
 * depth, control characters, prototype keys, unicode, ids of the wrong shape, wrong content types),
 * without a token and as an admin, on whichever backend the suite runs on. Any 5xx or dropped
 * connection fails it. New routes are covered without touching this file.
 */
describe('every operation in openapi.json under hostile input', function () {
  this.timeout(900_000);
  let host: TestHost;
  let admin: TestUser;
  let visitor: TestVisitor;
  let ops: Operation[];

  before(async () => {
    host = await startTestHost({
      config: {
        pluginDiscovery: true,
        rateApiIp: '1000000/60',
        rateApiUser: '1000000/60',
        rateLoginIp: '1000000/60',
        rateLoginEmail: '1000000/60',
        rateApiVisitor: '1000000/60',
        rateWidgetSite: '1000000/60',
        rateWidgetIp: '1000000/60',
      },
    });
    admin = await createTestUser(host, { role: 'admin' });
    visitor = await createTestVisitor(host);
    const doc = (await (await fetch(`${host.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Schema>> };
    ops = operationsOf(doc);
  });
  after(async () => host?.close());

  it('finds the operations of the kernel and of the plugins in the document', () => {
    const names = ops.map((o) => `${o.method} ${o.path}`);
    expect(names).to.include.members([
      'post /api/v1/auth/login',
      'get /api/v1/users',
      'get /api/v1/conversations',
      'post /widget/v1/session',
    ]);
    expect(ops.length).to.be.greaterThan(40);
  });

  for (const who of ['without a token', 'as an admin', 'as a widget visitor'] as const) {
    it(`answers every hostile variant ${who} with a status below 500, on a connection that stays up`, async () => {
      const headers = who === 'as an admin' ? admin.headers : who === 'as a widget visitor' ? visitor.headers : {};
      const probes = ops.flatMap((op) => probesOf(host.url, op));
      const results = await runAll(probes, headers);
      expect(results).to.have.length(probes.length);
      expect(probes.length, 'probes sent').to.be.greaterThan(ops.length * 10);
      const bad = results.filter((r) => r.error !== undefined || (r.status ?? 0) >= 500);
      expect(bad.map(describeOf), `${bad.length} of ${results.length} probes failed`).to.deep.equal([]);
      if (who === 'as an admin') {
        // The pass must really have reached the handlers: most answers are not 401.
        const reached = results.filter((r) => r.status !== 401).length;
        expect(reached / results.length, 'share of admin probes that got past authentication').to.be.greaterThan(0.8);
        expect((await fetch(`${host.url}/api/v1/auth/me`, { headers: admin.headers })).status, "the admin's token still works").to.equal(
          200,
        );
      }
      expect((await fetch(`${host.url}/healthz`)).status).to.equal(200);
    });
  }
});
