import { lazy, Suspense, useEffect, useRef } from 'react';
import type { SessionUser } from '../api/session.js';
import { ConnectionBanner } from '../connection/connection-banner.js';
import { SecretHealthBanner } from '../admin/secret-health-banner.js';
import { AvailabilityToggle } from './availability-toggle.js';
import { QueueView } from '../queue/queue-view.js';
import { InboxView } from '../inbox/inbox-view.js';
import { useLayout } from '../inbox/layout-switch.js';
import { ConversationView } from '../conversation/conversation-view.js';
import { UsersView } from '../admin/users-view.js';
import { SiteKeysView } from '../admin/site-keys-view.js';
import { IpRulesView } from '../admin/ip-rules-view.js';
import { AuditLogView } from '../admin/audit-log-view.js';
import { RetentionView } from '../admin/retention-view.js';
import { ParkedEventsView } from '../admin/parked-events-view.js';
import { PluginsView } from '../plugins/plugins-view.js';
import { ShortcutsView } from '../shortcuts/shortcuts-view.js';
import { ProfileView } from '../profile/profile-view.js';
import { Avatar } from '../profile/avatar.js';
import { ReportsView } from '../reports/reports-view.js';
import { MacrosView } from '../macros/macros-view.js';
import { ContactsView, ContactView } from '../contacts/contacts-view.js';
import { useShortcuts } from '../shortcuts/use-shortcuts.js';
import { SearchBox } from '../search/search-box.js';
import { SearchView } from '../search/search-view.js';
import { useNoticing } from '../noticing/use-noticing.js';
import { hrefFor, navigate, useRoute, type Route } from './router.js';
import { useServices } from './services-context.js';
import { useRuleNotifications } from '../realtime/use-rule-notifications.js';
import { useT, type MessageKey } from '../i18n/i18n.js';
import { roleLabel } from './role-label.js';

// The settings forms (rjsf) load only when an admin opens a plugin: agents never download them.
const PluginView = lazy(() => import('../plugins/plugin-view.js').then((m) => ({ default: m.PluginView })));
const AutomationView = lazy(() => import('../automation/automation-view.js').then((m) => ({ default: m.AutomationView })));

const ADMIN_LINKS: { route: Route; label: MessageKey }[] = [
  { route: { name: 'users' }, label: 'app.navUsers' },
  { route: { name: 'site-keys' }, label: 'app.navSiteKeys' },
  { route: { name: 'ip-rules' }, label: 'app.navIpRules' },
  { route: { name: 'audit-log' }, label: 'app.navAuditLog' },
  { route: { name: 'retention' }, label: 'app.navRetention' },
  { route: { name: 'parked-events' }, label: 'app.navParkedEvents' },
  { route: { name: 'plugins' }, label: 'app.navPlugins' },
  { route: { name: 'automation' }, label: 'app.navAutomation' },
];

function isCurrent(route: Route, link: Route): boolean {
  if (link.name === 'queue') return route.name === 'queue' || route.name === 'conversation';
  if (link.name === 'plugins') return route.name === 'plugins' || route.name === 'plugin';
  return route.name === link.name;
}

function Page({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const [layout] = useLayout();
  const t = useT();
  switch (route.name) {
    case 'queue':
      return layout === 'board' ? <QueueView /> : <InboxView />;
    case 'conversation':
      return layout === 'board' ? (
        <ConversationView key={route.id} id={route.id} focusSeq={route.seq} />
      ) : (
        <InboxView openId={route.id} focusSeq={route.seq} />
      );
    case 'search':
      return <SearchView q={route.q} />;
    case 'shortcuts':
      return <ShortcutsView />;
    case 'profile':
      return <ProfileView />;
    case 'reports':
      return <ReportsView />;
    case 'macros':
      return <MacrosView isAdmin={isAdmin} />;
    case 'contacts':
      return <ContactsView />;
    case 'contact':
      return <ContactView key={route.id} id={route.id} />;
    default:
      if (!isAdmin) return <p className="page">{t('app.adminOnly')}</p>;
      if (route.name === 'users') return <UsersView />;
      if (route.name === 'site-keys') return <SiteKeysView />;
      if (route.name === 'ip-rules') return <IpRulesView />;
      if (route.name === 'audit-log') return <AuditLogView />;
      if (route.name === 'retention') return <RetentionView />;
      if (route.name === 'parked-events') return <ParkedEventsView />;
      if (route.name === 'plugins') return <PluginsView />;
      if (route.name === 'automation')
        return (
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <AutomationView />
          </Suspense>
        );
      return (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <PluginView key={route.id} id={route.id} />
        </Suspense>
      );
  }
}

/** The signed-in layout: navigation, connection banner, the current page; focus moves to each new page. */
export function Shell({ user }: { user: SessionUser }) {
  const { session } = useServices();
  const t = useT();
  const route = useRoute();
  const isAdmin = user.role === 'admin';
  const mainRef = useRef<HTMLElement>(null);
  useNoticing(user);
  useRuleNotifications(user.id);

  useEffect(() => {
    // Keyboard travel through the conversation list keeps its focus in the list.
    if (document.activeElement?.closest('.conv-list')) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }, [route.name, 'id' in route ? route.id : undefined]);

  useShortcuts({
    'shift+?': () => navigate({ name: 'shortcuts' }),
    '?': () => navigate({ name: 'shortcuts' }),
    'g i': () => navigate({ name: 'queue' }),
    'g p': () => isAdmin && navigate({ name: 'plugins' }),
  });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <a className="brand" href={hrefFor({ name: 'queue' })}>
          <span className="brand-mark" aria-hidden="true">
            {t('app.brandMark')}
          </span>
          {t('app.brand')}
        </a>
        <nav aria-label={t('app.navMain')} className="nav">
          <a href={hrefFor({ name: 'queue' })} aria-current={isCurrent(route, { name: 'queue' }) ? 'page' : undefined}>
            {t('app.navInbox')}
          </a>
          <a href={hrefFor({ name: 'contacts' })} aria-current={route.name === 'contacts' || route.name === 'contact' ? 'page' : undefined}>
            {t('app.navContacts')}
          </a>
          <a href={hrefFor({ name: 'reports' })} aria-current={isCurrent(route, { name: 'reports' }) ? 'page' : undefined}>
            {t('app.navReports')}
          </a>
          <a href={hrefFor({ name: 'macros' })} aria-current={isCurrent(route, { name: 'macros' }) ? 'page' : undefined}>
            {t('app.navMacros')}
          </a>
          {isAdmin &&
            ADMIN_LINKS.map((l) => (
              <a key={l.label} href={hrefFor(l.route)} aria-current={isCurrent(route, l.route) ? 'page' : undefined}>
                {t(l.label)}
              </a>
            ))}
        </nav>
        <SearchBox route={route} />
        <div className="user-menu">
          <AvailabilityToggle />
          <a href={hrefFor({ name: 'shortcuts' })} className="muted-link" title={t('app.shortcutsTitle')}>
            {t('app.shortcuts')}
          </a>
          <a
            href={hrefFor({ name: 'profile' })}
            className="user-name"
            title={t('app.myProfileTitle', { email: user.email })}
            aria-current={route.name === 'profile' ? 'page' : undefined}
          >
            <Avatar name={user.name || user.email} url={user.avatarUrl} size={24} />
            {user.name || user.email} <span className="role">{roleLabel(user.role)}</span>
          </a>
          <button type="button" className="button ghost" onClick={() => void session.logout()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <ConnectionBanner />
      {isAdmin && <SecretHealthBanner />}
      <main id="main" ref={mainRef} className="main">
        <Page route={route} isAdmin={isAdmin} />
      </main>
    </div>
  );
}
