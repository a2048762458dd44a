import { expect } from 'chai';
import { fillVariables } from '../../src/conversation/fill-variables.js';

describe('fillVariables', () => {
  it('fills contact, agent and conversation variables as the inbox does', () => {
    const vars = { contact: { name: 'Ada' }, agent: { name: 'Sam' }, conversation: { id: 'c-1' } };
    expect(fillVariables('Hi {{contact.name}}, {{ agent.name }} here (ref {{conversation.id}})', vars)).to.equal('Hi Ada, Sam here (ref c-1)');
  });

  it('uses the fallback for an empty or unknown value, else nothing', () => {
    expect(fillVariables('Hi {{contact.name | there}}!', { contact: { name: '' } })).to.equal('Hi there!');
    expect(fillVariables('Hi {{contact.nickname}}!', { contact: {} })).to.equal('Hi !');
  });
});
