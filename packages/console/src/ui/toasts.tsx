import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';

interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface Toaster {
  error(text: string): void;
  info(text: string): void;
}

const ToastContext = createContext<Toaster>({ error: () => undefined, info: () => undefined });

export const useToasts = (): Toaster => useContext(ToastContext);

let nextId = 1;

/** Transient notices in an ARIA live region; errors stay until dismissed. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (kind: Toast['kind'], text: string) => {
      const id = nextId++;
      setToasts((list) => [...list.slice(-3), { id, kind, text }]);
      if (kind === 'info') setTimeout(() => dismiss(id), 4000);
    },
    [dismiss],
  );
  // Confirmations belong to the page they were about; errors stay until dismissed.
  useEffect(() => {
    const clear = () => setToasts((list) => list.filter((x) => x.kind === 'error'));
    window.addEventListener('hashchange', clear);
    return () => window.removeEventListener('hashchange', clear);
  }, []);
  const api = useMemo(() => ({ error: (text: string) => push('error', text), info: (text: string) => push('info', text) }), [push]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
            <span>{toast.text}</span>
            <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
