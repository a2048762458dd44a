import { expect } from 'chai';
import { matchCondition, matchConditions, renderTemplate, renderValue } from '../../src/services/match-conditions.js';
import type { Facts } from '../../src/services/match-trigger.js';

const facts: Facts = {
  topic: 'message.created',
  conversation: { priority: 'high', tags: ['vip', 'billing'], lastSeq: 7, createdAt: '2026-01-01T10:00:00.000Z', subject: null },
  message: { body: 'My ORDER is late' },
  contact: { email: 'ann@example.test', attributes: { plan: 'pro' } },
  channel: { id: 'web' },
};

describe('matchCondition', () => {
  it('equals (case-insensitive by default; an array equals when one element does)', () => {
    expect(matchCondition({ field: 'conversation.priority', op: 'equals', value: 'HIGH' }, facts)).to.equal(true);
    expect(matchCondition({ field: 'conversation.priority', op: 'equals', value: 'HIGH', caseSensitive: true }, facts)).to.equal(false);
    expect(matchCondition({ field: 'conversation.tags', op: 'equals', value: 'vip' }, facts)).to.equal(true);
  });

  it('contains', () => {
    expect(matchCondition({ field: 'message.body', op: 'contains', value: 'order' }, facts)).to.equal(true);
    expect(matchCondition({ field: 'conversation.tags', op: 'contains', value: 'sales' }, facts)).to.equal(false);
  });

  it('matches', () => {
    expect(matchCondition({ field: 'contact.email', op: 'matches', value: '@example\\.test$' }, facts)).to.equal(true);
    expect(matchCondition({ field: 'contact.email', op: 'matches', value: '^bob' }, facts)).to.equal(false);
  });

  it('gt and lt on numbers and dates', () => {
    expect(matchCondition({ field: 'conversation.lastSeq', op: 'gt', value: 5 }, facts)).to.equal(true);
    expect(matchCondition({ field: 'conversation.lastSeq', op: 'lt', value: 5 }, facts)).to.equal(false);
    expect(matchCondition({ field: 'conversation.createdAt', op: 'lt', value: '2026-06-01T00:00:00Z' }, facts)).to.equal(true);
    expect(matchCondition({ field: 'message.body', op: 'gt', value: 1 }, facts)).to.equal(false);
  });

  it('present (and absent with value false)', () => {
    expect(matchCondition({ field: 'contact.attributes.plan', op: 'present' }, facts)).to.equal(true);
    expect(matchCondition({ field: 'conversation.subject', op: 'present' }, facts)).to.equal(false);
    expect(matchCondition({ field: 'conversation.subject', op: 'present', value: false }, facts)).to.equal(true);
  });

  it('is false on a field the facts lack', () => {
    expect(matchCondition({ field: 'page.url', op: 'contains', value: 'x' }, facts)).to.equal(false);
  });
});

describe('matchConditions', () => {
  const yes = { field: 'channel.id', op: 'equals' as const, value: 'web' };
  const no = { field: 'channel.id', op: 'equals' as const, value: 'email' };
  it('joins with all or any; none is yes', () => {
    const def = (match: 'all' | 'any', items: (typeof yes)[]) => ({ triggers: [], actions: [], conditions: { match, items } });
    expect(matchConditions(def('all', [yes, no]), facts)).to.equal(false);
    expect(matchConditions(def('any', [yes, no]), facts)).to.equal(true);
    expect(matchConditions({ triggers: [], actions: [] }, facts)).to.equal(true);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders from the facts, unknown ones empty', () => {
    expect(renderTemplate('Hi {{ contact.email }} ({{contact.nope}}) on {{channel.id}}', facts)).to.equal('Hi ann@example.test () on web');
    expect(renderValue({ a: ['{{conversation.priority}}', 3] }, facts)).to.deep.equal({ a: ['high', 3] });
  });
});
