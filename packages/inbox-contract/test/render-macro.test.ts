import { expect } from 'chai';
import { renderMacro } from '../src/render-macro.js';

describe('renderMacro', () => {
  const vars = { contact: { name: 'Ann', email: null }, agent: { name: 'Bob' }, conversation: { id: 'c-1' } };

  it('fills the variables it knows', () => {
    expect(renderMacro('Hi {{contact.name}}, {{ agent.name }} here ({{conversation.id}}).', vars)).to.equal('Hi Ann, Bob here (c-1).');
  });

  it('uses the fallback for a missing or empty value', () => {
    expect(renderMacro('Hi {{contact.email | there}}!', vars)).to.equal('Hi there!');
    expect(renderMacro('Hi {{contact.phone|friend}}', vars)).to.equal('Hi friend');
    expect(renderMacro('Hi {{contact.name | there}}!', { contact: { name: '' } })).to.equal('Hi there!');
  });

  it('renders an unknown variable without a fallback as nothing', () => {
    expect(renderMacro('[{{order.total}}]', vars)).to.equal('[]');
  });

  it('leaves text that is not a variable alone', () => {
    expect(renderMacro('{{ not a var }} {single}', vars)).to.equal('{{ not a var }} {single}');
  });
});
