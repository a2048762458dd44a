import { expect } from 'chai';
import { NotFound } from '@bacon/sdk';
import { toAck } from '../../src/realtime/realtime-errors.js';
import type { Logger } from '../../src/logs/logger.js';

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const log = {
    warn: (_o: unknown, msg: string) => lines.push({ level: 'warn', msg }),
    error: (_o: unknown, msg: string) => lines.push({ level: 'error', msg }),
  } as unknown as Logger;
  return { log, lines };
}

describe('toAck', () => {
  it('passes a 4xx BaconError through with its code', () => {
    const { log, lines } = recordingLog();
    expect(toAck(NotFound('No such room.'), log)).to.deep.equal({ ok: false, error: { code: 'not_found', message: 'No such room.' } });
    expect(lines).to.deep.equal([]);
  });

  it('answers database_unavailable (retry) when the database cannot be reached, as HTTP answers 503, and warns', () => {
    const { log, lines } = recordingLog();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const ack = toAck(refused, log) as { ok: false; error: { code: string } };
    expect(ack.error.code).to.equal('database_unavailable');
    expect(lines.map((l) => l.level)).to.deep.equal(['warn']);
  });

  it('answers a plain internal error for anything else, and logs it as an error', () => {
    const { log, lines } = recordingLog();
    expect((toAck(new TypeError('x is undefined'), log) as { error: { code: string } }).error.code).to.equal('internal_error');
    expect(lines.map((l) => l.level)).to.deep.equal(['error']);
  });
});
