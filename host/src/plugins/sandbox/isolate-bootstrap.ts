import { CHANNEL_METHODS } from './runner-protocol.js';

/**
 * The code that runs first in every plugin isolate, as a closure: `$0` is a reference to the one
 * async host function (takes and returns JSON strings, so only copies ever cross; the plugin never
 * sees the reference), `$1` the largest value (in JSON bytes) that may leave the isolate, checked
 * before it is serialised (serialising a value near the heap limit ends the isolate, and with it
 * the runner, catastrophically), `$2` the JSON of the host-function table's `ctx` namespaces (`{crypto: ['hmac', ...]}`,
 * sent by the host: the runner never loads the table). It returns `dispatch`, the
 * only entry the runner calls. The plugin sees no `require`, `process` or host object: only the
 * ActionContext built here, whose methods unwrap the host's `{ok,value}|{ok:false,error}` envelopes.
 */
export const ISOLATE_BOOTSTRAP = String.raw`
'use strict';
const hostRef = $0;
const maxValueBytes = $1;
const hostCall = (callId, fn, args) => hostRef.apply(undefined, [callId, fn, args], { arguments: { copy: true }, result: { promise: true, copy: true } });
const { stringify, parse } = JSON;
const ObjectProto = Object.prototype;
const getProto = Object.getPrototypeOf;
const isArray = Array.isArray;
const tableNamespaces = JSON.parse($2);
let def;

function copyable(v, depth) {
  if (depth > 64) return false;
  const t = typeof v;
  if (v === null || t === 'string' || t === 'boolean') return true;
  if (t === 'number') return Number.isFinite(v);
  if (t !== 'object') return false;
  if (isArray(v)) return v.every((x) => copyable(x, depth + 1));
  const p = getProto(v);
  if (p !== ObjectProto && p !== null) return false;
  for (const k of Object.keys(v)) if (v[k] !== undefined && !copyable(v[k], depth + 1)) return false;
  return true;
}

// An estimate of a value's JSON size (strings by length, escapes aside), stopping as soon as it
// passes the limit: it never builds the JSON of a value too large to hold twice.
function tooLarge(v) {
  let n = 0;
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string') n += x.length + 3;
    else if (x !== null && typeof x === 'object') {
      n += 2;
      if (isArray(x)) for (let i = 0; i < x.length; i++) stack.push(x[i]);
      else for (const k of Object.keys(x)) (n += k.length + 4), stack.push(x[k]);
    } else n += 8;
    if (n > maxValueBytes) return true;
  }
  return false;
}

function pluginError(e) {
  const err = new Error(e.message);
  err.name = 'BaconError';
  err.code = e.code;
  err.retryable = !!e.retryable;
  err.status = e.status || 400;
  err.isBaconError = true;
  return err;
}

async function call(callId, fn, args) {
  if (!copyable(args, 0)) throw pluginError({ code: 'invalid_argument', message: fn + ': arguments must be plain JSON values (no functions, class instances or cycles)' });
  const big = pluginError({ code: 'value_too_large', status: 413, message: fn + ': the value is larger than the ' + maxValueBytes + '-byte limit of what a plugin may pass to the host' });
  if (tooLarge(args)) throw big;
  const json = stringify(args);
  if (json.length > maxValueBytes * 2) throw big;
  const res = parse(await hostCall(callId, fn, json));
  if (!res.ok) throw pluginError(res.error);
  return res.value;
}

function makeContext(c) {
  const id = c.callId;
  // The host-function table's namespaces (crypto, ...): each method calls its host function.
  const table = {};
  for (const ns of Object.keys(tableNamespaces)) {
    const o = {};
    for (const m of tableNamespaces[ns]) o[m] = (...args) => call(id, ns + '.' + m, args.map((a) => (a === undefined ? null : a)));
    table[ns] = Object.freeze(o);
  }
  const log = (level) => (obj, msg) => { call(id, 'log', [level, typeof obj === 'string' ? obj : (msg || ''), typeof obj === 'object' && obj !== null && copyable(obj, 0) ? obj : undefined]).catch(() => {}); };
  return Object.freeze({
    ...table,
    tenantId: c.tenantId,
    settings: c.settings,
    log: Object.freeze({ debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }),
    http: Object.freeze({
      async fetch(url, init) {
        const r = await call(id, 'http.fetch', [url, init || {}]);
        return { status: r.status, headers: r.headers, body: r.body, json() { return parse(r.body); } };
      },
    }),
    kv: Object.freeze({
      get: (key) => call(id, 'kv.get', [key]).then((r) => (r.found ? r.value : undefined)),
      set: (key, value) => call(id, 'kv.set', [key, value]),
      delete: (key) => call(id, 'kv.delete', [key]),
      list: (prefix) => call(id, 'kv.list', [prefix === undefined ? '' : prefix]),
    }),
    secrets: Object.freeze({ get: (name) => call(id, 'secrets.get', [name]) }),
    events: Object.freeze({ emit: (topic, payload) => call(id, 'events.emit', [topic, payload === undefined ? null : payload]) }),
  });
}

// console.* goes to the host log under the plugin's name (no tenant: it may run outside a call).
const show = (args) => args.map((a) => { try { return typeof a === 'string' ? a : stringify(a); } catch (e) { return String(a); } }).join(' ').slice(0, 2000);
const consoleTo = (level) => (...args) => { hostCall('', 'log', stringify([level, show(args)])).catch(() => {}); };
Object.defineProperty(globalThis, 'console', { value: Object.freeze({ log: consoleTo('info'), info: consoleTo('info'), debug: consoleTo('debug'), warn: consoleTo('warn'), error: consoleTo('error') }), writable: false, configurable: false });

function fnPaths(d) {
  const out = [];
  const walk = (o, path, depth) => {
    if (!o || typeof o !== 'object' || depth > 4) return;
    for (const k of Object.keys(o)) {
      const p = path ? path + '.' + k : k;
      if (typeof o[k] === 'function') out.push(p);
      else walk(o[k], p, depth + 1);
    }
  };
  walk(d, '', 0);
  return out;
}

function target(kind, name) {
  switch (kind) {
    case 'action': return def.actions && def.actions[name] && def.actions[name].run;
    case 'enricher': return def.enrichers && def.enrichers[name] && def.enrichers[name].run;
    case 'channel': return ${JSON.stringify(CHANNEL_METHODS)}.indexOf(name) >= 0 && def.channel ? def.channel[name] : undefined;
    case 'trigger': return def.triggers && def.triggers[name] && (def.triggers[name].source === 'event' ? def.triggers[name].onEvent : def.triggers[name].receive);
    case 'healthCheck': case 'testConnection': case 'activate': case 'deactivate': return def[kind];
    default: return undefined;
  }
}

function fail(err) {
  // Only the SDK's errors (Error instances it marked) carry a code and status out; a plain object
  // that looks like one is just a failure of the plugin.
  const coded = err instanceof Error && err.isBaconError === true && typeof err.code === 'string';
  return stringify({ ok: false, error: {
    code: coded ? err.code : 'plugin_error',
    message: String((err && err.message) || err),
    status: coded && typeof err.status === 'number' ? err.status : undefined,
    details: coded && err.details !== undefined && copyable(err.details, 0) ? err.details : undefined,
    retryable: coded ? !!err.retryable : false,
  } });
}

return async function dispatch(kind, name, inputJson, ctxJson) {
  try {
    if (kind === 'register') {
      const mod = globalThis.__baconPlugin;
      delete globalThis.__baconPlugin;
      def = mod && (mod.default || mod.plugin || mod);
      if (!def || typeof def !== 'object') throw new Error('the plugin script exports no definition (export default definePlugin({...}))');
      const json = parse(stringify(def, (k, v) => (typeof v === 'function' ? undefined : v)));
      return stringify({ ok: true, value: { def: json, functions: fnPaths(def) } });
    }
    const fn = target(kind, name);
    if (typeof fn !== 'function') return stringify({ ok: false, error: { code: 'not_implemented', message: kind + ' ' + (name || '') + ' is not defined by the plugin', retryable: false } });
    const ctx = makeContext(parse(ctxJson));
    const hook = kind !== 'action' && kind !== 'trigger' && kind !== 'enricher' && kind !== 'channel';
    const value = await (hook ? fn(ctx) : fn(parse(inputJson), ctx));
    const big = stringify({ ok: false, error: { code: 'value_too_large', message: 'the result is larger than the ' + maxValueBytes + '-byte limit of what a plugin may answer', status: 502, retryable: false } });
    if (tooLarge(value)) return big;
    const out = stringify({ ok: true, value: value === undefined ? null : value });
    return out.length > maxValueBytes * 2 ? big : out;
  } catch (err) {
    try { return fail(err); } catch (e) { return stringify({ ok: false, error: { code: 'plugin_error', message: 'unserialisable error', retryable: false } }); }
  }
};
`;
