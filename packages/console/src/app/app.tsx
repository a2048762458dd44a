import { useEffect, useMemo, useState } from 'react';
import { OpenApiRoutes } from '../api/openapi-routes.js';
import { setLanguage, useLanguage, useT } from '../i18n/i18n.js';
import { Session, type SessionUser } from '../api/session.js';
import { LoginView } from '../login/login-view.js';
import { ChangePasswordGate } from '../profile/change-password-gate.js';
import { ToastProvider } from '../ui/toasts.js';
import { createServices } from './services.js';
import { ServicesContext } from './services-context.js';
import { Shell } from './shell.js';

const session = new Session();

/** Boots: restores the session from the refresh cookie if there is one, else shows the login. */
export function App() {
  // The whole tree re-renders when the language changes.
  useLanguage();
  const t = useT();
  const [user, setUser] = useState<SessionUser | undefined>(session.user);
  const [booting, setBooting] = useState(true);
  const [routes, setRoutes] = useState<OpenApiRoutes>();

  useEffect(() => {
    const off = session.onChange(setUser);
    void Promise.all([OpenApiRoutes.load().then(setRoutes), session.refresh().catch(() => false)]).finally(() => setBooting(false));
    return () => {
      off();
    };
  }, []);

  // The language the agent chose in My profile follows them to every browser they sign in on.
  const chosenLanguage = user?.language;
  useEffect(() => {
    if (chosenLanguage) setLanguage(chosenLanguage, true);
  }, [chosenLanguage]);

  const services = useMemo(() => (user && routes ? createServices(session, routes) : undefined), [user?.id, routes]);

  useEffect(() => {
    if (!services) return;
    services.socket.connect();
    void services.outbox.flush();
    return () => services.socket.disconnect();
  }, [services]);

  if (booting) {
    return (
      <div className="boot" role="status">
        {t('common.loadingBacon')}
      </div>
    );
  }
  return (
    <ToastProvider>
      {user?.mustChangePassword ? (
        <ChangePasswordGate session={session} user={user} />
      ) : services && user ? (
        <ServicesContext.Provider value={services}>
          <Shell user={user} />
        </ServicesContext.Provider>
      ) : (
        <LoginView session={session} />
      )}
    </ToastProvider>
  );
}
