import { expect } from 'chai';
import { startTestHost, type TestHost } from '@bacon/host/testing';

/**
 * Routes that may stay out of the API document: pages, assets, scripts, metrics and the document
 * itself. Anything else that answers requests is API and is listed, so integrators (and the
 * hostile-input test, which reads the document) see every one. A new hidden route fails this test.
 */
const REVIEWED_HIDDEN = [
  /^\/$/,
  /^\/metrics$/,
  /^\/api\/v1\/openapi\.json$/,
  /^\/webui\.html$/,
  /^\/assets\//,
  /^\/widget\.js$/,
  /^\/demo$/,
];

describe('openapi.json lists every registered API route', function () {
  this.timeout(120_000);
  let host: TestHost;
  before(async () => {
    host = await startTestHost({ config: { pluginDiscovery: true } });
  });
  after(async () => host?.close());

  it('hides only reviewed non-API routes', () => {
    const hidden = host.routes.list().filter((r) => r.hidden && !REVIEWED_HIDDEN.some((re) => re.test(r.fullPath)));
    expect(
      hidden.map((r) => `${r.method} ${r.fullPath} (${r.owner})`),
      'hidden API routes: document them (produces: for files)',
    ).to.deep.equal([]);
  });

  it('has every other registered route in the document, with its method', async () => {
    const doc = (await (await fetch(`${host.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const listed = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    const routes = host.routes.list().filter((r) => !r.hidden);
    expect(routes.length).to.be.greaterThan(40);
    const missing = routes.map((r) => `${r.method} ${r.fullPath.replace(/:([A-Za-z0-9_]+)\+?/g, '{$1}')}`).filter((k) => !listed.has(k));
    expect(missing).to.deep.equal([]);
    expect(listed).to.include('get /widget/v1/attachments/{id}');
    expect(listed).to.include('get /api/v1/channels/attachments/{id}');
  });
});
