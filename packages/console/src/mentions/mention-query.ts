/** Someone an agent can mention in a note. */
export interface Mentionable {
  id: string;
  name: string;
}

/** The `@word` being typed just before the caret (at the start or after a space), if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : undefined;
}

/** People whose name has a word starting with the query (or contains it), at most `max`. */
export function filterMentionable(people: readonly Mentionable[], query: string, max = 8): Mentionable[] {
  const q = query.toLowerCase();
  const starts = people.filter((p) =>
    p.name
      .toLowerCase()
      .split(/\s+/)
      .some((w) => w.startsWith(q)),
  );
  const contains = people.filter((p) => !starts.includes(p) && p.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, max);
}

/** The text with the `@query` at `start` replaced by `@Name `, and where the caret goes after it. */
export function insertMention(text: string, at: { start: number; query: string }, who: Mentionable): { text: string; caret: number } {
  const tag = `@${who.name} `;
  const end = at.start + 1 + at.query.length;
  return { text: text.slice(0, at.start) + tag + text.slice(end), caret: at.start + tag.length };
}

/** The ids of picked people whose `@Name` is still in the text when it is sent. */
export function mentionsIn(text: string, picked: readonly Mentionable[]): string[] {
  return [...new Set(picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id))];
}
