import { BaconWidget, type WidgetEvent } from './bacon-widget.js';
import type { Identity } from './types.js';

/**
 * `<script src="https://your-bacon/widget.js" data-site-key="sk_...">`: mounts the chat and
 * exposes `window.Bacon` (open, close, identify, setAttributes, on). Buttons with
 * `data-bacon-action="open|close"` on the page control it without script.
 */
interface BaconApi {
  open(): void;
  close(): void;
  identify(identity: Identity): Promise<void>;
  setAttributes(attributes: Record<string, string | number | boolean | null>): void;
  on(event: WidgetEvent, listener: (data?: unknown) => void): () => void;
}

declare global {
  interface Window {
    Bacon?: BaconApi | { q?: [string, ...unknown[]][] };
  }
}

// Read while the script runs: it is null in later callbacks.
const current = document.currentScript as HTMLScriptElement | null;

function start(): void {
  const script = current ?? document.querySelector<HTMLScriptElement>('script[data-site-key],script[data-demo]');
  if (!script) return;
  // `data-demo`: the demo page takes the site key from its own URL (?siteKey=sk_...).
  const siteKey =
    script.dataset.siteKey || (script.hasAttribute('data-demo') ? (new URLSearchParams(location.search).get('siteKey') ?? '') : '');
  if (!siteKey) {
    console.warn('Bacon widget: data-site-key is missing.');
    return;
  }
  const mount = document.createElement('div');
  mount.id = 'bacon-widget';
  document.body.append(mount);
  // `data-language="fr"`: the page's language wins over the visitor's browser languages.
  const widget = new BaconWidget(new URL(script.src, location.href).origin, siteKey, mount, { language: script.dataset.language });
  const queued = (window.Bacon as { q?: [string, ...unknown[]][] } | undefined)?.q ?? [];
  const api: BaconApi = {
    open: () => widget.open(),
    close: () => widget.close(),
    identify: (identity) => widget.identify(identity),
    setAttributes: (attributes) => widget.setAttributes(attributes),
    on: (event, listener) => widget.on(event, listener),
  };
  window.Bacon = api;
  // Calls made before the script loaded: `window.Bacon = {q: [['open'], ['setAttributes', {...}]]}`.
  for (const [name, ...args] of queued) (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
  document.addEventListener('click', (e) => {
    const action = (e.target as Element | null)?.closest?.('[data-bacon-action]')?.getAttribute('data-bacon-action');
    if (action === 'open') api.open();
    else if (action === 'close') api.close();
  });
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
