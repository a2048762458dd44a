import { expect } from 'chai';
import { matchTrigger, normalizeText, type Facts } from '../../src/services/match-trigger.js';

const said = (body: string, authorKind = 'contact'): Facts => ({ topic: 'message.created', message: { body, authorKind } });

describe('matchTrigger', () => {
  describe('message.received', () => {
    it('matches a keyword as a word, whatever its case and accents by default', () => {
      const t = { type: 'message.received' as const, keywords: ['rembourse'] };
      expect(matchTrigger(t, said('Je veux être REMBOURSÉ'))).to.equal(true);
      expect(matchTrigger(t, said('remboursement'))).to.equal(false);
    });

    it('honours caseSensitive and accentSensitive', () => {
      expect(matchTrigger({ type: 'message.received', keywords: ['Refund'], caseSensitive: true }, said('refund'))).to.equal(false);
      expect(matchTrigger({ type: 'message.received', keywords: ['Refund'], caseSensitive: true }, said('a Refund'))).to.equal(true);
      expect(matchTrigger({ type: 'message.received', keywords: ['café'], accentSensitive: true }, said('cafe'))).to.equal(false);
      expect(matchTrigger({ type: 'message.received', keywords: ['café'] }, said('CAFE'))).to.equal(true);
    });

    it('matches a regular expression, case- and accent-insensitive by default', () => {
      const t = { type: 'message.received' as const, pattern: 'order #?\\d{4,}' };
      expect(matchTrigger(t, said('Where is ORDER #12345?'))).to.equal(true);
      expect(matchTrigger(t, said('where is my order'))).to.equal(false);
      expect(matchTrigger({ type: 'message.received', pattern: 'élan' }, said('ELAN vital'))).to.equal(true);
    });

    it('fires on any contact message when it has no keywords or pattern, never on an agent or bot message', () => {
      const t = { type: 'message.received' as const };
      expect(matchTrigger(t, said('hello'))).to.equal(true);
      expect(matchTrigger(t, said('hello', 'bot'))).to.equal(false);
      expect(matchTrigger(t, said('hello', 'agent'))).to.equal(false);
    });
  });

  describe('conversation triggers', () => {
    it('match their topic, and transitions their from/to', () => {
      expect(matchTrigger({ type: 'conversation.created' }, { topic: 'conversation.created' })).to.equal(true);
      expect(matchTrigger({ type: 'conversation.assigned' }, { topic: 'conversation.created' })).to.equal(false);
      const t = { type: 'conversation.transitioned' as const, to: ['closed' as const] };
      expect(matchTrigger(t, { topic: 'conversation.transitioned', from: 'new', to: 'closed' })).to.equal(true);
      expect(matchTrigger(t, { topic: 'conversation.transitioned', from: 'closed', to: 'new' })).to.equal(false);
    });
  });
});

describe('normalizeText', () => {
  it('strips combining marks and lower-cases', () => {
    expect(normalizeText('Ça GÊNE', {})).to.equal('ca gene');
  });
});
