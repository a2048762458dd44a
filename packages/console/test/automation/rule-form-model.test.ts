import { expect } from 'chai';
import { conditionValue, definitionOf, describeTrigger, draftOf, EMPTY_DRAFT, keywordList } from '../../src/automation/rule-form-model.js';

describe('the rule form model', () => {
  it('turns a draft into the definition the API takes, and back', () => {
    const draft = {
      ...EMPTY_DRAFT,
      name: 'refunds',
      triggers: [{ type: 'message.received', keywords: keywordList('refund,  cancel ,') }],
      conditions: [{ field: 'channel.id', op: 'equals', value: conditionValue('web') }],
      actions: [{ type: 'assign', strategy: 'round_robin' }],
      debounceSeconds: '600',
    };
    const def = definitionOf(draft);
    expect(def).to.deep.equal({
      triggers: [{ type: 'message.received', keywords: ['refund', 'cancel'] }],
      conditions: { match: 'all', items: [{ field: 'channel.id', op: 'equals', value: 'web' }] },
      actions: [{ type: 'assign', strategy: 'round_robin' }],
      debounceSeconds: 600,
    });
    const back = draftOf({ id: 'r1', name: 'refunds', enabled: true, definition: def });
    expect(definitionOf(back)).to.deep.equal(def);
  });

  it('leaves out empty conditions and debounce, and keeps what the form does not edit', () => {
    const hours = { timeZone: 'UTC', weekly: [] };
    const back = draftOf({
      id: 'r',
      name: 'n',
      enabled: false,
      definition: { triggers: [{ type: 'conversation.created' }], actions: [], businessHours: hours },
    });
    expect(definitionOf(back)).to.deep.equal({ triggers: [{ type: 'conversation.created' }], actions: [], businessHours: hours });
  });

  it('reads typed condition values as numbers and booleans when they are', () => {
    expect([conditionValue('50'), conditionValue('false'), conditionValue('web'), conditionValue('')]).to.deep.equal([
      50,
      false,
      'web',
      '',
    ]);
  });

  it('describes triggers in a line', () => {
    expect(describeTrigger({ type: 'message.received', keywords: ['refund', 'cancel'] })).to.equal('Message with “refund” or “cancel”');
    expect(describeTrigger({ type: 'inactivity', waitingFor: 'agent', seconds: 300 })).to.equal('No agent reply for 5 min');
  });
});
