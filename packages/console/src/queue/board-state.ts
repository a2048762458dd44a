import type { Conversation } from '../api/types.js';
import { columnOf, COLUMNS, type ColumnId } from './queue-columns.js';

export interface Column {
  ids: string[];
  /** How many the server says there are (or how many we hold when it does not say). */
  count: number;
  more: boolean;
}

export interface Board {
  byId: Record<string, Conversation>;
  columns: Record<ColumnId, Column>;
}

export const emptyBoard = (): Board => ({
  byId: {},
  columns: Object.fromEntries(COLUMNS.map((c) => [c.id, { ids: [], count: 0, more: false }])) as unknown as Record<ColumnId, Column>,
});

const newestFirst = (byId: Record<string, Conversation>) => (a: string, b: string) =>
  (byId[b]!.lastMessageAt ?? byId[b]!.updatedAt).localeCompare(byId[a]!.lastMessageAt ?? byId[a]!.updatedAt);

export function loadColumn(board: Board, id: ColumnId, items: Conversation[], total: number | undefined, more: boolean, me: string): Board {
  const byId = { ...board.byId };
  const mine = id === 'assigned' ? items.filter((c) => c.assigneeId !== me) : items;
  for (const c of mine) byId[c.id] = c;
  const hidden = items.length - mine.length;
  const count = total !== undefined ? total - hidden : mine.length;
  return { byId, columns: { ...board.columns, [id]: { ids: mine.map((c) => c.id), count, more } } };
}

/**
 * Applies a conversation's new version: it leaves its old column (count -1) and joins the one its
 * state and assignee put it in (count +1), newest first. `visible` false drops it (filters).
 */
export function upsert(board: Board, conv: Conversation, me: string, visible: boolean): Board {
  const prev = board.byId[conv.id];
  if (prev && prev.updatedAt > conv.updatedAt) return board;
  const byId = { ...board.byId, [conv.id]: conv };
  const columns = { ...board.columns };
  const from = (Object.keys(columns) as ColumnId[]).find((k) => columns[k].ids.includes(conv.id));
  const to = visible ? columnOf(conv, me) : undefined;
  if (from && from !== to)
    columns[from] = { ...columns[from], ids: columns[from].ids.filter((x) => x !== conv.id), count: Math.max(0, columns[from].count - 1) };
  if (to) {
    const col = columns[to];
    const ids = col.ids.includes(conv.id) ? [...col.ids] : [conv.id, ...col.ids];
    ids.sort(newestFirst(byId));
    columns[to] = { ...col, ids, count: col.ids.includes(conv.id) ? col.count : col.count + 1 };
  }
  return { byId, columns };
}
