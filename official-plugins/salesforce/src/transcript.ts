/** One message of a conversation, as the create-case action receives it. */
export interface TranscriptLine {
  author: string;
  text: string;
  at?: string;
}

/** Case.Description holds at most 32,000 characters. */
export const DESCRIPTION_MAX = 32_000;

/** The transcript as plain text for Case.Description, oldest first, cut (with a note) to fit. */
export function formatTranscript(lines: TranscriptLine[], intro?: string): string {
  const body = lines.map((l) => `${l.at ? `[${l.at}] ` : ''}${l.author}: ${l.text}`).join('\n');
  const text = intro ? `${intro}\n\n${body}` : body;
  if (text.length <= DESCRIPTION_MAX) return text;
  const note = '\n… (transcript cut to fit Salesforce; the whole conversation is in Bacon)';
  return text.slice(0, DESCRIPTION_MAX - note.length) + note;
}
