import { expect } from 'chai';
import { allowedTransitions, canTransition, STATES, TRANSITIONS } from '../src/transitions.js';

describe('transitions', () => {
  describe('TRANSITIONS', () => {
    it('lists every state, and no state may move to itself', () => {
      expect(Object.keys(TRANSITIONS).sort()).to.deep.equal([...STATES].sort());
      for (const s of STATES) expect(TRANSITIONS[s]).not.to.include(s);
    });

    it('lets a closed conversation reopen and a snoozed one wake to either queue', () => {
      expect(allowedTransitions('closed')).to.have.members(['new', 'assigned']);
      expect(allowedTransitions('snoozed')).to.have.members(['new', 'assigned', 'closed']);
    });
  });

  describe('canTransition', () => {
    it('agrees with the table', () => {
      expect(canTransition('new', 'assigned')).to.equal(true);
      expect(canTransition('closed', 'snoozed')).to.equal(false);
    });
  });
});
