import nock from 'nock';

/** No test reaches beyond loopback: nock refuses every other host before a socket opens. */
export const mochaHooks = {
  beforeAll(): void {
    nock.disableNetConnect();
    nock.enableNetConnect((host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)(:\d+)?$/.test(host));
  },
  afterEach(): void {
    nock.cleanAll();
  },
};
