/** Every documented shortcut (docs/console.md shows the same table). */
export const SHORTCUTS: { keys: string; what: string; where: string }[] = [
  { keys: '?', what: 'Show keyboard shortcuts', where: 'Anywhere' },
  { keys: 'g i', what: 'Go to the inbox', where: 'Anywhere' },
  { keys: 'g p', what: 'Go to plugins (admins)', where: 'Anywhere' },
  { keys: '/', what: 'Search conversations', where: 'Inbox' },
  { keys: 'j / k', what: 'Open the next / previous conversation (list: opens it; board: selects it)', where: 'Inbox' },
  { keys: '↓ / ↑', what: 'Open the next / previous conversation, focus staying in the list', where: 'Conversation list' },
  { keys: 'Enter', what: 'Open the selected conversation', where: 'Inbox' },
  { keys: 'Escape', what: 'Back to the inbox / close a picker', where: 'Conversation' },
  { keys: 'r', what: 'Write a reply', where: 'Conversation' },
  { keys: 'n', what: 'Write a private note', where: 'Conversation' },
  { keys: 'a', what: 'Assign to me', where: 'Conversation' },
  { keys: 's', what: 'Snooze…', where: 'Conversation' },
  { keys: 'c', what: 'Close', where: 'Conversation' },
  { keys: 'o', what: 'Reopen', where: 'Conversation' },
  { keys: 'Ctrl/⌘ + K or / at the start of a reply', what: 'Insert a macro', where: 'Reply box' },
  { keys: 'Ctrl/⌘ + Enter', what: 'Send the reply or note', where: 'Reply box' },
];
