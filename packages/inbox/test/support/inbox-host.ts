import { definePlugin } from '@bacon/sdk';
import { startTestHost, type TestHost, type TestHostOptions } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '../../src/index.js';

export interface InboxTestHost {
  host: TestHost;
  /** The inbox's public API, obtained the way other plugins get it (`ctx.use('inbox')`). */
  api: InboxApi;
  close(): Promise<void>;
}

/** A plugin that depends on the inbox and keeps its API: how channels and the widget reach it. */
function probe(onInit: (api: InboxApi) => void) {
  return definePlugin({
    id: 'inbox-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    init(ctx) {
      onInit(ctx.use<InboxApi>('inbox'));
    },
  });
}

/** A real test host (PGlite, or Postgres when DATABASE_URL is set) running the inbox plugin. */
export async function startInboxHost(opts: TestHostOptions = {}): Promise<InboxTestHost> {
  let api: InboxApi | undefined;
  const host = await startTestHost({ ...opts, plugins: [inbox, probe((a) => (api = a))] });
  if (!api) throw new Error('the inbox did not start');
  return { host, api, close: () => host.close() };
}
