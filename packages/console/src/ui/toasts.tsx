import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

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
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (kind: Toast['kind'], text: string) => {
      const id = nextId++;
      setToasts((t) => [...t.slice(-3), { id, kind, text }]);
      if (kind === 'info') setTimeout(() => dismiss(id), 4000);
    },
    [dismiss],
  );
  // Confirmations belong to the page they were about; errors stay until dismissed.
  useEffect(() => {
    const clear = () => setToasts((t) => t.filter((x) => x.kind === 'error'));
    window.addEventListener('hashchange', clear);
    return () => window.removeEventListener('hashchange', clear);
  }, []);
  const api = useMemo(() => ({ error: (t: string) => push('error', t), info: (t: string) => push('info', t) }), [push]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <span>{t.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
