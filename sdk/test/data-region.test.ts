import { expect } from 'chai';
import { egressRegions, isEuRegion, regionsOutsideEu, UNKNOWN_REGION } from '../src/index.js';

describe('data regions', () => {
  it('knows EU regions by their names (eu, eu-*, europe-*), and nothing else', () => {
    for (const r of ['eu', 'eu-west-1', 'eu-central-2', 'europe-west3', 'EU']) expect(isEuRegion(r), r).to.equal(true);
    for (const r of ['us', 'us-east-1', 'global', 'unknown', 'europa', 'euw', '', undefined, null])
      expect(isEuRegion(r), String(r)).to.equal(false);
  });

  it('reads a manifest’s egress; a plugin that calls out without declaring it is unknown', () => {
    expect(egressRegions({ egress: { regions: ['eu', 'us'] } })).to.deep.equal(['eu', 'us']);
    expect(egressRegions({ capabilities: [{ name: 'http' }] })).to.deep.equal([UNKNOWN_REGION]);
    expect(egressRegions({ capabilities: [{ name: 'kv' }] })).to.deep.equal([]);
    expect(regionsOutsideEu(['eu', 'europe-west1', 'us', UNKNOWN_REGION])).to.deep.equal(['us', UNKNOWN_REGION]);
  });
});
