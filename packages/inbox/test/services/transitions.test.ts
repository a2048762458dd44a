import { expect } from 'chai';
import { assertTransition, reopenTarget } from '../../src/services/transitions.js';
import { canTransition, STATES, TRANSITIONS, type ConversationState } from '@bacon/inbox-contract';

describe('transitions', () => {
  describe('assertTransition', () => {
    const pairs: [ConversationState, ConversationState][] = STATES.flatMap((from) =>
      STATES.map((to) => [from, to] as [ConversationState, ConversationState]),
    );

    for (const [from, to] of pairs) {
      if (canTransition(from, to)) {
        it(`allows ${from} -> ${to}`, () => expect(() => assertTransition(from, to)).not.to.throw());
      } else {
        it(`refuses ${from} -> ${to} with 409 and the allowed targets`, () => {
          try {
            assertTransition(from, to);
            expect.fail('should have thrown');
          } catch (err) {
            const e = err as { status: number; code: string; details: { allowed: string[] } };
            expect(e.status).to.equal(409);
            expect(e.code).to.equal('illegal_transition');
            expect(e.details.allowed).to.deep.equal([...TRANSITIONS[from]]);
          }
        });
      }
    }
  });

  describe('reopenTarget', () => {
    it('goes back to the agent who kept the conversation, else to the new queue', () => {
      expect(reopenTarget('7d92538e-f43b-4087-a9e8-9495f12cdb1b')).to.equal('assigned');
      expect(reopenTarget(null)).to.equal('new');
    });
  });
});
