import { expect } from 'chai';
import type { Conversation, Message, Note } from '@bacon/inbox-contract';
import { DEFAULT_PREFS, noticeFor, titleWithCount, type NoticeContext } from '../../src/noticing/notice-rules.js';

const ME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const ctx = (over: Partial<NoticeContext> = {}): NoticeContext => ({
  me: ME,
  prefs: DEFAULT_PREFS,
  assigneeOf: () => ME,
  nameOf: (id) => (id === OTHER ? 'Bea' : 'Someone'),
  ...over,
});
const conversation = { id: 'c1', preview: 'Where is my order?', subject: null } as unknown as Conversation;
const message = (authorKind: Message['authorKind'], seq = 2) => ({ id: 'm1', seq, authorKind, body: 'Hello?' }) as unknown as Message;
const note = (authorId: string, mentions: string[]) => ({ id: 'n1', authorId, mentions, body: 'Can you take this?' }) as unknown as Note;

describe('noticeFor', () => {
  it('tells me of a new conversation at the contact’s first message, with its words', () => {
    const first = { topic: 'message.created', payload: { conversationId: 'c1', message: message('contact', 1) } };
    expect(noticeFor(first, ctx({ assigneeOf: () => null }))).to.include({
      kind: 'new-conversation',
      conversationId: 'c1',
      body: 'Hello?',
    });
    expect(noticeFor({ topic: 'conversation.created', payload: { conversationId: 'c1', conversation } }, ctx())).to.equal(undefined);
    expect(noticeFor({ topic: 'message.created', payload: { conversationId: 'c1', message: message('agent', 1) } }, ctx())).to.equal(
      undefined,
    );
  });

  it('tells me of a contact’s message only in a conversation assigned to me', () => {
    const e = { topic: 'message.created', payload: { conversationId: 'c1', message: message('contact') } };
    expect(noticeFor(e, ctx())).to.include({ kind: 'assigned-message', body: 'Hello?' });
    expect(noticeFor(e, ctx({ assigneeOf: () => OTHER }))).to.equal(undefined);
    expect(noticeFor(e, ctx({ assigneeOf: () => null }))).to.equal(undefined);
    const mine = { topic: 'message.created', payload: { conversationId: 'c1', message: message('agent') } };
    expect(noticeFor(mine, ctx())).to.equal(undefined);
  });

  it('tells me when a teammate mentions me in a note, by the teammate’s name', () => {
    const e = { topic: 'note.created', payload: { conversationId: 'c1', note: note(OTHER, [ME]) } };
    expect(noticeFor(e, ctx())).to.include({ kind: 'mention', title: 'Bea mentioned you' });
    expect(noticeFor({ ...e, payload: { conversationId: 'c1', note: note(OTHER, [OTHER]) } }, ctx())).to.equal(undefined);
    expect(noticeFor({ ...e, payload: { conversationId: 'c1', note: note(ME, [ME]) } }, ctx())).to.equal(undefined);
  });

  it('follows each preference', () => {
    const off = { ...DEFAULT_PREFS, newConversations: false, assignedMessages: false, mentions: false };
    for (const e of [
      { topic: 'message.created', payload: { conversationId: 'c1', message: message('contact', 1) } },
      { topic: 'message.created', payload: { conversationId: 'c1', message: message('contact') } },
      { topic: 'note.created', payload: { conversationId: 'c1', note: note(OTHER, [ME]) } },
    ]) {
      expect(noticeFor(e, ctx()), e.topic).not.to.equal(undefined);
      expect(noticeFor(e, ctx({ prefs: off })), e.topic).to.equal(undefined);
    }
  });
});

describe('titleWithCount', () => {
  it('puts the count in front, and nothing at zero', () => {
    expect(titleWithCount('Bacon', 3)).to.equal('(3) Bacon');
    expect(titleWithCount('Bacon', 0)).to.equal('Bacon');
    expect(titleWithCount('Bacon', 250)).to.equal('(99+) Bacon');
  });
});
