import { createRoot } from 'react-dom/client';
import { App } from './app.js';

// index.html sets data-bacon-host and data-site-key on #root (create-bacon-app fills them in).
const root = document.getElementById('root') as HTMLElement;
createRoot(root).render(<App host={root.dataset.baconHost ?? ''} siteKey={root.dataset.siteKey ?? ''} />);
