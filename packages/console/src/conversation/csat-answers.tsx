import { useEffect, useMemo, useState } from 'react';
import type { CsatAnswer } from '@bacon/analytics-contract';
import { analyticsApi } from '../api/analytics-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { useT } from '../i18n/i18n.js';

/** The contact's CSAT answers on this conversation (one per rated resolution), when the analytics plugin runs. */
export function CsatAnswers({ conversationId, state }: { conversationId: string; state: string }) {
  const { api, routes } = useServices();
  const t = useT();
  const analytics = useMemo(() => analyticsApi(api), [api]);
  const [answers, setAnswers] = useState<CsatAnswer[]>();
  const enabled = routes.has('get', '/analytics/conversations/{conversationId}/csat');
  useEffect(() => {
    if (!enabled) return;
    analytics.conversationCsat(conversationId).then(
      (r) => setAnswers(r.answers),
      () => setAnswers(undefined),
    );
  }, [enabled, analytics, conversationId, state]);
  if (!answers?.length) return null;
  return (
    <section aria-label={t('conversation.satisfaction')}>
      <h3>{t('conversation.satisfaction')}</h3>
      <ul className="plain">
        {answers.map((a) => (
          <li key={a.cycle}>
            <strong aria-label={t('conversation.rated', { score: a.score })}>{'★'.repeat(a.score) + '☆'.repeat(5 - a.score)}</strong>{' '}
            <span className="muted">{formatTime(a.answeredAt)}</span>
            {a.comment && <p>{a.comment}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
