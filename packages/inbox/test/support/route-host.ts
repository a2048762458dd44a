import request from 'supertest';
import { startInboxHost, type InboxTestHost } from './inbox-host.js';
import { createTeam, type Team } from './team.js';

export interface RouteHost {
  t: InboxTestHost;
  team: Team;
  /** supertest on the host's Koa callback (in-process HTTP). */
  http: ReturnType<typeof request>;
}

/**
 * Registers the hooks of a route suite: before, an inbox host with a team of `agents` agents, handed
 * to `use`; after, the host closed.
 */
export function withRouteHost(agents: number, use: (r: RouteHost) => void): void {
  let t: InboxTestHost | undefined;
  before(async () => {
    t = await startInboxHost();
    use({ t, team: await createTeam(t.host, agents), http: request(t.host.app.callback()) });
  });
  after(async () => {
    await t?.close();
  });
}
