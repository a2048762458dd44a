import { ApiClient } from '../api/api-client.js';
import { ApiError, describeError } from '../api/api-error.js';
import { inboxApi, type InboxApi } from '../api/inbox-api.js';
import { adminApi, type AdminApi } from '../api/admin-api.js';
import { pluginsApi, type PluginsApi } from '../api/plugins-api.js';
import { profileApi, type ProfileApi } from '../api/profile-api.js';
import { OpenApiRoutes } from '../api/openapi-routes.js';
import { Session } from '../api/session.js';
import { ConnectionMonitor } from '../connection/connection-monitor.js';
import { Outbox } from '../outbox/outbox.js';
import { AgentSocket } from '../realtime/agent-socket.js';
import { ReadSignals } from '../noticing/read-signals.js';
import { reportDeliveries } from '../conversation/read-receipts.js';

/** Everything the views share, built once per signed-in session. */
export interface Services {
  session: Session;
  api: ApiClient;
  inbox: InboxApi;
  admin: AdminApi;
  plugins: PluginsApi;
  profile: ProfileApi;
  socket: AgentSocket;
  connection: ConnectionMonitor;
  outbox: Outbox;
  routes: OpenApiRoutes;
  /** "I read this conversation", from the open conversation to the list and the tab title. */
  reads: ReadSignals;
}

export function createServices(session: Session, routes: OpenApiRoutes): Services {
  const api = new ApiClient(session);
  const inbox = inboxApi(api);
  const socket = new AgentSocket(session);
  const connection = new ConnectionMonitor();
  socket.onStatus((s) => connection.setSocket(s));
  const outbox = new Outbox(`bacon.outbox.${session.user?.id ?? 'anonymous'}`, {
    send: (item) => inbox.sendMessage(item.conversationId, item.body, item.attachments),
    isTransient: (err) => err instanceof ApiError && (err.isNetwork || err.status >= 500 || err.status === 429),
    describe: describeError,
  });
  // Replies queued while offline leave as soon as the connection is back, oldest first.
  connection.onChange((s) => {
    if (s === 'online') void outbox.flush();
  });
  window.addEventListener('online', () => void outbox.flush());
  reportDeliveries(socket, api);
  return {
    session,
    api,
    inbox,
    admin: adminApi(api),
    plugins: pluginsApi(api),
    profile: profileApi(api),
    socket,
    connection,
    outbox,
    routes,
    reads: new ReadSignals(),
  };
}
