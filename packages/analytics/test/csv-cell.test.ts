import { expect } from 'chai';
import { csvCell, csvLine } from '../src/csv-cell.js';

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).to.equal("'=1+1");
    expect(csvCell('+33 6 12')).to.equal("'+33 6 12");
    expect(csvCell('-2+3')).to.equal("'-2+3");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\t=cmd')).to.equal("'\t=cmd");
    expect(csvCell('\r=cmd')).to.equal(`"'\r=cmd"`);
    expect(csvCell('fine = ok')).to.equal('fine = ok');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x","y")')).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes numbers, booleans, dates and nulls as they are', () => {
    expect(csvCell(-5)).to.equal('-5');
    expect(csvCell(1.5)).to.equal('1.5');
    expect(csvCell(true)).to.equal('true');
    expect(csvCell(null)).to.equal('');
    expect(csvCell(undefined)).to.equal('');
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).to.equal('2026-03-02T09:00:00.000Z');
    expect(csvLine(['a', 1, null])).to.equal('a,1,\r\n');
  });
});
