import type { ReactNode } from 'react';
import { BaconChat } from './bacon-chat.js';

export const metadata = { title: 'Acme Shop' };

/** The root layout: every page gets the chat widget. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <BaconChat />
      </body>
    </html>
  );
}
