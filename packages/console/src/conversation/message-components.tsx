import { componentFallbackText, type MessageComponent } from '@bacon/sdk';
import { useT } from '../i18n/i18n.js';

const safeUrl = (u: unknown): string | undefined => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The choices a rich message offered the contact, as a read-only list (agents see what was offered, not buttons). */
function Choices({ label, items }: { label: string; items: { label: string; value?: string; url?: string }[] }) {
  if (!items.length) return null;
  return (
    <ul className="rich-choices" aria-label={label}>
      {items.map((o, i) => (
        <li key={i}>
          {safeUrl(o.url) ? (
            <a href={safeUrl(o.url)} target="_blank" rel="noopener noreferrer">
              {o.label}
            </a>
          ) : (
            o.label
          )}
          {o.value && o.value !== o.label && <span className="muted"> ({o.value})</span>}
        </li>
      ))}
    </ul>
  );
}

/** One component of a message as the console shows it; a plugin's type shows its type and text. */
function Component({ c }: { c: MessageComponent }) {
  const t = useT();
  const f = c as Record<string, unknown> & { type: string };
  switch (f.type) {
    case 'text':
      return null;
    case 'card':
    case 'product':
      return (
        <div
          className="rich-card"
          role="group"
          aria-label={t(f.type === 'card' ? 'conversation.card' : 'conversation.product', { title: str(f.title) })}
        >
          <strong>{str(f.title)}</strong>
          {f.price !== undefined && <span className="muted"> {str(f.price)}</span>}
          {f.text !== undefined && <p>{str(f.text)}</p>}
          {safeUrl(f.url) && (
            <a href={safeUrl(f.url)} target="_blank" rel="noopener noreferrer">
              {t('conversation.view')}
            </a>
          )}
          <Choices
            label={t('conversation.buttonsOffered')}
            items={(f.buttons ?? []) as { label: string; value?: string; url?: string }[]}
          />
        </div>
      );
    case 'quick_replies':
      return <Choices label={t('conversation.quickRepliesOffered')} items={(f.options ?? []) as { label: string; value: string }[]} />;
    case 'survey':
      return <p className="rich-card">{t('conversation.survey', { question: str(f.question), scale: Number(f.scale) || 5 })}</p>;
    default:
      return (
        <div className="rich-card" role="group" aria-label={t('conversation.richMessage', { type: f.type })}>
          <span className="badge">{f.type}</span> {componentFallbackText(c)}
        </div>
      );
  }
}

/** A message's rich components and, for a contact's answer to one, the value it chose. */
export function MessageComponents({ payload }: { payload: Record<string, unknown> | null | undefined }) {
  const t = useT();
  const components = Array.isArray(payload?.components) ? (payload.components as MessageComponent[]) : [];
  const reply = (payload?.metadata as { reply?: { value?: string } } | undefined)?.reply;
  if (!components.length && !reply?.value) return null;
  return (
    <div className="rich">
      {components.map((c, i) => (
        <Component key={i} c={c} />
      ))}
      {reply?.value && <p className="muted">{t('conversation.choseOption', { value: reply.value })}</p>}
    </div>
  );
}
