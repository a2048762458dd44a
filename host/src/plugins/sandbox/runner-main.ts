/**
 * The sandbox runner: a child process of the host that holds every sandboxed plugin's isolate.
 * It speaks only IPC (runner-protocol.ts). Host functions are answered by the host; a catastrophic
 * isolate error ends this process, and the host starts a new one.
 */
import { PluginIsolate } from './plugin-isolate.js';
import { envelope, type HostToRunner, type IsolateLimits, type RunnerToHost } from './runner-protocol.js';

interface Entry {
  pluginId: string;
  code: string;
  limits: IsolateLimits;
  isolate?: PluginIsolate;
  creating?: Promise<PluginIsolate>;
}

const plugins = new Map<string, Entry>();
const hostCalls = new Map<number, (result: string) => void>();
let nextHostCall = 1;

function send(msg: RunnerToHost): void {
  // The host going away closes the channel; there is nobody left to answer.
  if (!process.connected) return;
  process.send?.(msg, undefined, {}, (err) => {
    if (err && !process.connected) process.exit(0);
  });
}

function catastrophic(message: string): void {
  process.stderr.write(`sandbox runner: catastrophic isolate error: ${message}\n`);
  process.exit(70);
}

const tooLarge = (what: string, max: number) =>
  envelope.fail('value_too_large', `${what} is larger than the ${max}-byte limit of what a plugin may pass out of its isolate`, false, 413);

function hostCallback(key: string, limits: IsolateLimits) {
  return (callId: string, fn: string, args: string) =>
    new Promise<string>((resolve) => {
      // The bootstrap refuses these before serialising; this holds if the bootstrap was subverted.
      if (args.length > limits.maxValueBytes * 2) return resolve(tooLarge(`${fn}: the arguments`, limits.maxValueBytes));
      const id = nextHostCall++;
      hostCalls.set(id, resolve);
      send({ t: 'host-call', id, key, callId, fn, args });
    });
}

async function ensureIsolate(key: string, e: Entry): Promise<{ isolate: PluginIsolate; registered?: string; coldStartMs?: number }> {
  if (e.isolate && !e.isolate.disposed) return { isolate: e.isolate };
  if (e.creating) return { isolate: await e.creating };
  const started = performance.now();
  let registered: string | undefined;
  e.creating = PluginIsolate.create(key, e.code, e.limits, hostCallback(key, e.limits), catastrophic).then(
    (r) => ((registered = r.registered), r.isolate),
  );
  try {
    e.isolate = await e.creating;
    return { isolate: e.isolate, registered, coldStartMs: performance.now() - started };
  } finally {
    e.creating = undefined;
  }
}

/**
 * The envelope for a call that threw in the runner. An isolate that ran out of memory is gone; one
 * that hit its CPU timeout is discarded too: it may have been poisoned (a replaced
 * `Object.prototype.toJSON` that loops makes every later call time out), so the next call gets a
 * fresh one, and a plugin that poisons itself again fails only itself.
 */
function classify(err: unknown, iso: PluginIsolate | undefined, key: string): string {
  const message = (err as Error)?.message ?? String(err);
  if (iso?.disposed || /disposed/i.test(message)) {
    const reason = /memory limit/i.test(message) ? 'memory limit exceeded' : 'isolate disposed';
    send({ t: 'isolate-dead', key, reason });
    return envelope.fail('plugin_crashed', `the plugin's isolate was stopped: ${reason}`, true, 503);
  }
  if (/timed out/i.test(message)) {
    iso?.dispose();
    send({ t: 'isolate-dead', key, reason: 'CPU time limit exceeded; the isolate is rebuilt on the next call' });
    return envelope.fail('plugin_timeout', 'the plugin used more CPU time than allowed', true, 504);
  }
  return envelope.fail('plugin_error', message, false, 502);
}

async function onRegister(msg: Extract<HostToRunner, { t: 'register' }>): Promise<void> {
  const prev = plugins.get(msg.key);
  prev?.isolate?.dispose();
  const e: Entry = { pluginId: msg.pluginId, code: msg.code, limits: msg.limits };
  plugins.set(msg.key, e);
  try {
    const r = await ensureIsolate(msg.key, e);
    send({
      t: 'registered',
      key: msg.key,
      result: r.registered ?? envelope.fail('plugin_error', 'no manifest'),
      coldStartMs: r.coldStartMs ?? 0,
    });
  } catch (err) {
    send({ t: 'registered', key: msg.key, result: classify(err, e.isolate, msg.key), coldStartMs: 0 });
  }
}

async function onCall(msg: Extract<HostToRunner, { t: 'call' }>): Promise<void> {
  const e = plugins.get(msg.key);
  if (!e)
    return send({
      t: 'result',
      id: msg.id,
      result: envelope.fail('plugin_not_loaded', `plugin ${msg.key} is not loaded in the sandbox`, true, 503),
    });
  let done = false;
  let iso: PluginIsolate | undefined;
  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    iso?.dispose();
    send({ t: 'isolate-dead', key: msg.key, reason: 'call deadline exceeded' });
    send({
      t: 'result',
      id: msg.id,
      result: envelope.fail('plugin_timeout', `the plugin did not answer within ${msg.deadlineMs} ms`, true, 504),
    });
  }, msg.deadlineMs);
  let result: string;
  try {
    iso = (await ensureIsolate(msg.key, e)).isolate;
    result = await iso.call(msg.kind, msg.name, msg.input, msg.ctx, Math.min(msg.cpuTimeoutMs, e.limits.cpuTimeoutMs));
  } catch (err) {
    result = classify(err, iso ?? e.isolate, msg.key);
  }
  clearTimeout(timer);
  if (done) return;
  done = true;
  if (result.length > e.limits.maxValueBytes * 2) result = tooLarge('the result', e.limits.maxValueBytes);
  send({ t: 'result', id: msg.id, result });
}

process.on('message', (msg: HostToRunner) => {
  switch (msg.t) {
    case 'register':
      void onRegister(msg);
      break;
    case 'call':
      void onCall(msg);
      break;
    case 'host-result': {
      const resolve = hostCalls.get(msg.id);
      hostCalls.delete(msg.id);
      resolve?.(msg.result);
      break;
    }
    case 'stats':
      send({
        t: 'stats',
        id: msg.id,
        isolates: [...plugins.entries()]
          .filter(([, e]) => e.isolate && !e.isolate.disposed)
          .map(([key, e]) => ({ key, pluginId: e.pluginId, ...e.isolate!.heap() })),
      });
      break;
    case 'dispose': {
      plugins.get(msg.key)?.isolate?.dispose();
      plugins.delete(msg.key);
      break;
    }
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
