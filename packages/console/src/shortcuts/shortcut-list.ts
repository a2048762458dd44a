import type { MessageKey } from '../i18n/i18n.js';

/**
 * Every documented shortcut (docs/console.md shows the same table). `keys` are the keys pressed; a
 * combination that has words in it (or a key name the language spells its own way) has them in `keysText`;
 * `what` and `where` are read with `t()`.
 */
export const SHORTCUTS: { keys: string; keysText?: MessageKey; what: MessageKey; where: MessageKey }[] = [
  { keys: '?', what: 'shortcuts.showShortcuts', where: 'shortcuts.anywhere' },
  { keys: 'g i', what: 'shortcuts.goInbox', where: 'shortcuts.anywhere' },
  { keys: 'g p', what: 'shortcuts.goPlugins', where: 'shortcuts.anywhere' },
  { keys: '/', what: 'shortcuts.search', where: 'shortcuts.anywhere' },
  { keys: 'j / k', what: 'shortcuts.nextPrevious', where: 'shortcuts.inbox' },
  { keys: '↓ / ↑', what: 'shortcuts.nextPreviousList', where: 'shortcuts.conversationList' },
  { keys: 'Enter', keysText: 'shortcuts.keyEnter', what: 'shortcuts.openSelected', where: 'shortcuts.inbox' },
  { keys: 'Escape', keysText: 'shortcuts.keyEscape', what: 'shortcuts.back', where: 'shortcuts.conversation' },
  { keys: 'r', what: 'shortcuts.writeReply', where: 'shortcuts.conversation' },
  { keys: 'n', what: 'shortcuts.writeNote', where: 'shortcuts.conversation' },
  { keys: 'a', what: 'shortcuts.assignToMe', where: 'shortcuts.conversation' },
  { keys: 's', what: 'shortcuts.snooze', where: 'shortcuts.conversation' },
  { keys: 'c', what: 'shortcuts.close', where: 'shortcuts.conversation' },
  { keys: 'o', what: 'shortcuts.reopen', where: 'shortcuts.conversation' },
  { keys: 'Ctrl/⌘ + K', keysText: 'shortcuts.keyMacro', what: 'shortcuts.insertMacro', where: 'shortcuts.replyBox' },
  { keys: '@', keysText: 'shortcuts.keyMention', what: 'shortcuts.mention', where: 'shortcuts.noteBox' },
  { keys: 'Ctrl/⌘ + Enter', keysText: 'shortcuts.keySend', what: 'shortcuts.send', where: 'shortcuts.replyBox' },
  { keys: 'Alt + Shift + D', what: 'shortcuts.draft', where: 'shortcuts.conversation' },
];
