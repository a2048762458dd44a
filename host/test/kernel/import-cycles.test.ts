import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from './import-graph.js';

const HOST_SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('host/src imports', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).to.deep.equal([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('form no cycle, type-only imports included', () => {
    const graph = importGraph(HOST_SRC);
    expect(graph.size).to.be.greaterThan(50);
    expect(importCycles(graph).map((c) => c.join(' -> '))).to.deep.equal([]);
  });
});
