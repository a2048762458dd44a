import { useEffect } from 'react';
import { useServices } from '../app/services-context.js';

/**
 * Moves my read marker to the conversation's last message while it is open on a visible page:
 * when it opens, when a message arrives, and when the tab comes back into view.
 */
export function useMarkRead(conversationId: string, lastSeq: number | undefined): void {
  const { inbox, reads } = useServices();
  useEffect(() => {
    if (lastSeq === undefined) return;
    let done = false;
    const mark = () => {
      if (done || document.visibilityState !== 'visible') return;
      done = true;
      inbox.markRead(conversationId, lastSeq).then(
        () => reads.emit(conversationId),
        () => (done = false),
      );
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, lastSeq, inbox, reads]);
}
