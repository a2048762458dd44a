import { useEffect, useState } from 'react';

export type Route =
  | { name: 'queue' }
  /** `seq`: a message to scroll to and highlight (a search hit). */
  | { name: 'conversation'; id: string; seq?: number }
  | { name: 'search'; q: string }
  | { name: 'users' }
  | { name: 'site-keys' }
  | { name: 'ip-rules' }
  | { name: 'audit-log' }
  | { name: 'retention' }
  | { name: 'parked-events' }
  | { name: 'plugins' }
  | { name: 'automation' }
  | { name: 'plugin'; id: string }
  | { name: 'shortcuts' }
  | { name: 'profile' }
  | { name: 'macros' }
  | { name: 'reports' }
  | { name: 'contacts' }
  | { name: 'contact'; id: string };

/** `#/inbox`, `#/inbox/<id>` (`?seq=` a message to show), `#/search?q=`, `#/profile`, `#/admin/<page>`, `#/admin/plugins/<id>`: hash routes, no server routing. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'inbox' && parts[1]) {
    const seq = Number(params.get('seq'));
    return Number.isInteger(seq) && seq > 0 ? { name: 'conversation', id: parts[1], seq } : { name: 'conversation', id: parts[1] };
  }
  if (parts[0] === 'search') return { name: 'search', q: params.get('q') ?? '' };
  if (parts[0] === 'admin') {
    if (parts[1] === 'plugins' && parts[2]) return { name: 'plugin', id: parts[2] };
    if (
      parts[1] === 'users' ||
      parts[1] === 'site-keys' ||
      parts[1] === 'ip-rules' ||
      parts[1] === 'audit-log' ||
      parts[1] === 'retention' ||
      parts[1] === 'parked-events' ||
      parts[1] === 'plugins' ||
      parts[1] === 'automation'
    )
      return { name: parts[1] };
  }
  if (parts[0] === 'shortcuts') return { name: 'shortcuts' };
  if (parts[0] === 'profile') return { name: 'profile' };
  if (parts[0] === 'macros') return { name: 'macros' };
  if (parts[0] === 'reports') return { name: 'reports' };
  if (parts[0] === 'contacts') return parts[1] ? { name: 'contact', id: parts[1] } : { name: 'contacts' };
  return { name: 'queue' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'queue':
      return '#/inbox';
    case 'conversation':
      return `#/inbox/${encodeURIComponent(route.id)}${route.seq ? `?seq=${route.seq}` : ''}`;
    case 'search':
      return `#/search?q=${encodeURIComponent(route.q)}`;
    case 'plugin':
      return `#/admin/plugins/${encodeURIComponent(route.id)}`;
    case 'shortcuts':
      return '#/shortcuts';
    case 'profile':
      return '#/profile';
    case 'macros':
      return '#/macros';
    case 'reports':
      return '#/reports';
    case 'contacts':
      return '#/contacts';
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`;
    default:
      return `#/admin/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
