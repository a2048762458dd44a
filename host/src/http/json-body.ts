import type { Middleware } from 'koa';
import { HostErrors } from './errors.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads a body up to `limit` bytes, keeping the raw bytes in `ctx.request.rawBody` (webhook
 * signatures are checked against them) and parsing JSON into `ctx.request.body`. Malformed JSON is
 * a 400 (raised by the route registry, so a `rawBody` route still gets the bytes), an oversized body a 413 (refused as soon as the limit is crossed, without buffering the
 * rest). Whether a route takes other content types is the route's declaration (`rawBody`): the
 * registry answers 415 for the rest.
 */
export function jsonBody(limit: number): Middleware {
  return async (ctx, next) => {
    if (!WITH_BODY.has(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || NaN);
    const chunked = ctx.get('transfer-encoding') !== '';
    if (!chunked && (Number.isNaN(declared) || declared === 0)) return next();
    if (declared > limit) throw HostErrors.payloadTooLarge({ limit });
    const type = ctx.request.is('json', '+json');
    const raw = await readLimited(ctx.req, limit);
    (ctx.request as unknown as { rawBody: Buffer }).rawBody = raw;
    if (type) {
      const text = raw.toString('utf8');
      if (text.trim() === '') return next();
      try {
        (ctx.request as unknown as { body: unknown }).body = JSON.parse(text);
      } catch (err) {
        // Refused by the route unless it takes raw bodies (a webhook checks its signature first).
        ctx.state.bodyError = HostErrors.invalidJson({ reason: (err as Error).message });
      }
    }
    return next();
  };
}

function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        stream.resume();
        reject(HostErrors.payloadTooLarge({ limit }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
