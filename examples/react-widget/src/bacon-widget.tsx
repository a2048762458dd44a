import { useEffect } from 'react';

/**
 * Bacon's chat widget in a React app: renders nothing, and on the client adds the host's
 * `/widget.js` to the page once (the widget then lives in its own shadow root, outside React).
 * Safe to render on the server (Next.js, Remix): the script is only added in the browser.
 *
 *   <BaconWidget host="https://support.example.com" siteKey="sk_..." />
 *
 * Talk to it through `window.Bacon` (open, close, identify, setAttributes, on) or give any
 * element `data-bacon-action="open"`.
 */
export interface BaconWidgetProps {
  /** The Bacon host's base URL, e.g. https://support.example.com. */
  host: string;
  /** A site key whose allowed origins include this page's origin. */
  siteKey: string;
  /** Custom attributes sent with the visitor's messages (for automation rules). */
  attributes?: Record<string, string | number | boolean>;
}

export function BaconWidget({ host, siteKey, attributes }: BaconWidgetProps): null {
  useEffect(() => {
    if (document.querySelector('script[data-bacon-widget]')) return;
    const script = document.createElement('script');
    script.src = `${host.replace(/\/+$/, '')}/widget.js`;
    script.async = true;
    script.dataset.siteKey = siteKey;
    script.dataset.baconWidget = '';
    // Calls queued before the script loads run once it is there.
    if (attributes) (window as unknown as { Bacon?: unknown }).Bacon = { q: [['setAttributes', attributes]] };
    document.body.append(script);
  }, [host, siteKey, attributes]);
  return null;
}
