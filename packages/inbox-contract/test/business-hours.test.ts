import { expect } from 'chai';
import { isOpen, openSecondsBetween, openSecondsCounter, type BusinessHours } from '../src/index.js';

// Europe/Paris, Monday to Friday 09:00-18:00, Tuesday 2026-03-03 a holiday. Paris is UTC+1 until
// 2026-03-29 01:00 UTC, then UTC+2.
const paris: BusinessHours = {
  timeZone: 'Europe/Paris',
  weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
  holidays: ['2026-03-03'],
};
const open = (from: string, to: string, cal = paris) => openSecondsBetween(cal, new Date(from), new Date(to));

describe('openSecondsBetween', () => {
  it('counts a span inside one opening window whole', () => {
    // Wednesday 10:00 -> 10:05 Paris.
    expect(open('2026-03-04T09:00:00Z', '2026-03-04T09:05:00Z')).to.equal(300);
  });

  it('skips a closed night and a holiday', () => {
    // Monday 17:30 Paris -> Wednesday 09:20 Paris: 30 min on Monday, nothing on Tuesday (holiday), 20 min on Wednesday.
    expect(open('2026-03-02T16:30:00Z', '2026-03-04T08:20:00Z')).to.equal(3000);
    // Without the holiday, Tuesday's 9 hours count: 3000 + 32,400.
    expect(open('2026-03-02T16:30:00Z', '2026-03-04T08:20:00Z', { ...paris, holidays: [] })).to.equal(35_400);
  });

  it('counts nothing on a weekend, and nothing for an empty or reversed span', () => {
    expect(open('2026-03-07T09:00:00Z', '2026-03-07T10:00:00Z')).to.equal(0);
    expect(open('2026-03-04T09:00:00Z', '2026-03-04T09:00:00Z')).to.equal(0);
    expect(open('2026-03-04T10:00:00Z', '2026-03-04T09:00:00Z')).to.equal(0);
  });

  it('follows the zone across a DST change', () => {
    // Friday 2026-03-27 17:00 CET (16:00Z) -> Monday 2026-03-30 09:30 CEST (07:30Z): 1 h + 30 min.
    expect(open('2026-03-27T16:00:00Z', '2026-03-30T07:30:00Z')).to.equal(5400);
  });

  it('counts overlapping windows once and allows a window to end at 24:00', () => {
    const cal: BusinessHours = {
      timeZone: 'UTC',
      weekly: [
        { days: [3], from: '08:00', to: '12:00' },
        { days: [3], from: '11:00', to: '24:00' },
      ],
    };
    // Wednesday 2026-03-04 07:00 -> Thursday 01:00 UTC: open 08:00 -> 24:00.
    expect(open('2026-03-04T07:00:00Z', '2026-03-05T01:00:00Z', cal)).to.equal(16 * 3600);
    expect(isOpen(cal, new Date('2026-03-04T23:59:00Z'))).to.equal(true);
  });
});

describe('openSecondsCounter', () => {
  it('counts each span inside its range as openSecondsBetween does, from intervals placed once', () => {
    const count = openSecondsCounter(paris, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    const spans: [string, string][] = [
      ['2026-03-02T16:30:00Z', '2026-03-04T08:20:00Z'],
      ['2026-03-04T09:00:00Z', '2026-03-04T09:05:00Z'],
      ['2026-03-07T09:00:00Z', '2026-03-07T10:00:00Z'],
      ['2026-03-27T16:00:00Z', '2026-03-30T07:30:00Z'],
      ['2026-03-05T20:00:00Z', '2026-03-05T21:00:00Z'],
    ];
    expect(spans.map(([a, b]) => count(new Date(a), new Date(b)))).to.deep.equal([3000, 300, 0, 5400, 0]);
  });
});
