import { useEffect, useRef, useState } from 'react';
import './attachments.css';
import type { Session } from '../api/session.js';
import { describeError, errorFromBody } from '../api/api-error.js';
import { formatNumber, t, useT } from '../i18n/i18n.js';

/** An uploaded file as a reply carries it (`attachments` of POST /conversations/:id/messages). */
export interface SentAttachment {
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface AttachmentLimits {
  maxBytes: number;
  types: string[];
}

type DraftFile = { key: string; name: string; state: 'uploading' | 'ready' | 'failed'; error?: string; file?: SentAttachment };

export const fileSize = (n: number): string =>
  n < 1048576
    ? t('conversation.kilobytes', { size: formatNumber(Math.ceil(n / 1024)) })
    : t('conversation.megabytes', { size: formatNumber(n / 1048576, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
const typeNames = (types: string[]) => types.map((ty) => (ty === 'text/plain' ? 'TXT' : ty.split('/')[1]!.toUpperCase())).join(', ');

async function authorized(session: Session, url: string, init: RequestInit = {}): Promise<Response> {
  const go = () => fetch(url, { ...init, headers: { ...(init.headers as object), Authorization: `Bearer ${session.accessToken ?? ''}` } });
  let res = await go();
  if (res.status === 401 && (await session.refresh())) res = await go();
  return res;
}

/** Uploads one file to a conversation: the raw bytes, their type, the name in the query. */
export async function uploadAttachment(session: Session, conversationId: string, file: File): Promise<SentAttachment> {
  const res = await authorized(
    session,
    `/api/v1/channels/conversations/${encodeURIComponent(conversationId)}/attachments?name=${encodeURIComponent(file.name)}`,
    { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file },
  );
  const body = (await res.json().catch(() => undefined)) as (SentAttachment & { url: string }) | undefined;
  if (!res.ok) throw errorFromBody(res.status, body);
  return { name: body!.name, contentType: body!.contentType, size: body!.size, url: new URL(body!.url, location.origin).href };
}

/**
 * The files of the reply being written: each uploads as soon as it is picked, dropped or pasted,
 * within the tenant's limits (fetched once, shown beside the picker).
 */
export function useAttachmentDraft(session: Session, conversationId: string) {
  const [files, setFiles] = useState<DraftFile[]>([]);
  const [limits, setLimits] = useState<AttachmentLimits>();
  const seq = useRef(0);
  useEffect(() => {
    void authorized(session, '/api/v1/channels/attachment-limits')
      .then((r) => (r.ok ? (r.json() as Promise<AttachmentLimits>) : undefined))
      .then(setLimits, () => undefined);
  }, [session]);
  useEffect(() => setFiles([]), [conversationId]);

  const patch = (key: string, p: Partial<DraftFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));
  const add = (picked: Iterable<File>) => {
    for (const file of picked) {
      const key = `f${++seq.current}`;
      const refused =
        limits && !limits.types.includes(file.type)
          ? t('conversation.fileRefusedType', { types: typeNames(limits.types) })
          : limits && file.size > limits.maxBytes
            ? t('conversation.fileTooLarge', { size: fileSize(limits.maxBytes) })
            : undefined;
      setFiles((list) => [...list, { key, name: file.name, state: refused ? 'failed' : 'uploading', error: refused }]);
      if (refused) continue;
      uploadAttachment(session, conversationId, file).then(
        (sent) => patch(key, { state: 'ready', file: sent }),
        (err) => patch(key, { state: 'failed', error: describeError(err) }),
      );
    }
  };
  return {
    files,
    limits,
    add,
    remove: (key: string) => setFiles((list) => list.filter((f) => f.key !== key)),
    clear: () => setFiles([]),
    busy: files.some((f) => f.state === 'uploading'),
    ready: files.flatMap((f) => (f.state === 'ready' && f.file ? [f.file] : [])),
  };
}

export type AttachmentDraft = ReturnType<typeof useAttachmentDraft>;

/** The picker button, the limits and the files of the reply (each with its state and a remove button). */
export function AttachmentTray({ draft }: { draft: AttachmentDraft }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const hint = draft.limits
    ? t('conversation.fileLimits', { size: fileSize(draft.limits.maxBytes), types: typeNames(draft.limits.types) })
    : '';
  return (
    <div className="attachment-tray">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={draft.limits?.types.join(',')}
        onChange={(e) => {
          draft.add([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <button type="button" className="button ghost" onClick={() => input.current?.click()} aria-describedby="attachment-limits">
        {t('conversation.attachFile')}
      </button>
      <span id="attachment-limits" className="hint">
        {hint}
      </span>
      {draft.files.length > 0 && (
        <ul className="attachment-list" aria-label={t('conversation.attachedFiles')}>
          {draft.files.map((f) => (
            <li key={f.key} className={`attachment-chip is-${f.state}`}>
              <span>
                📎 {f.name}
                {f.state === 'uploading'
                  ? t('conversation.uploading')
                  : f.state === 'failed'
                    ? `: ${f.error ?? t('conversation.notUploaded')}`
                    : ''}
              </span>
              <button
                type="button"
                className="button ghost"
                aria-label={t('conversation.removeFile', { name: f.name })}
                onClick={() => draft.remove(f.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The agent's route for any attachment URL of the tenant (a visitor's `/widget/v1/...` one included). */
const agentUrl = (url: string) => {
  const id = /attachments\/([0-9a-f-]{36})$/i.exec(url)?.[1];
  return id ? `/api/v1/channels/attachments/${id}` : undefined;
};

/** A message's attachments: images inline, other files as downloads (both fetched with the agent's token). */
export function MessageAttachments({ session, attachments }: { session: Session; attachments: unknown }) {
  if (!Array.isArray(attachments) || !attachments.length) return null;
  return (
    <div className="message-attachments">
      {(attachments as SentAttachment[]).map((a, i) => (
        <AttachmentItem key={i} session={session} a={a} />
      ))}
    </div>
  );
}

function AttachmentItem({ session, a }: { session: Session; a: SentAttachment }) {
  const [src, setSrc] = useState<string>();
  const url = a.url ? agentUrl(a.url) : undefined;
  const image = a.contentType?.startsWith('image/');
  useEffect(() => {
    if (!url || !image) return;
    let made: string | undefined;
    void authorized(session, url)
      .then((r) => (r.ok ? r.blob() : undefined))
      .then((b) => b && setSrc((made = URL.createObjectURL(b))));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  const label = `${a.name} (${fileSize(a.size)})`;
  if (image && src) return <img className="attachment-image" src={src} alt={a.name} />;
  const download = async () => {
    if (!url) return;
    const r = await authorized(session, url);
    if (!r.ok) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await r.blob());
    link.download = a.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return (
    <button type="button" className="button ghost attachment-file" onClick={() => void download()} disabled={!url}>
      📎 {label}
    </button>
  );
}
