'use client';
// A client component: the widget's script is added in the browser, after hydration.
import { BaconWidget } from '@bacon/example-react-widget';

/** The chat widget, configured from NEXT_PUBLIC_BACON_HOST and NEXT_PUBLIC_BACON_SITE_KEY (.env.local). */
export function BaconChat() {
  const host = process.env.NEXT_PUBLIC_BACON_HOST ?? 'http://localhost:3000';
  const siteKey = process.env.NEXT_PUBLIC_BACON_SITE_KEY;
  if (!siteKey) return null;
  return <BaconWidget host={host} siteKey={siteKey} />;
}
