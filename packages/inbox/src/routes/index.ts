import type { PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { agentRoutes } from './agent-routes.js';
import { contactRoutes } from './contact-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { macroRoutes } from './macro-routes.js';
import { messageRoutes } from './message-routes.js';
import { noteRoutes } from './note-routes.js';
import { readRoutes } from './read-routes.js';
import { searchRoutes } from './search-routes.js';

export function registerRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  conversationRoutes(routes, deps);
  messageRoutes(routes, deps);
  noteRoutes(routes, deps);
  macroRoutes(routes, deps);
  agentRoutes(routes, deps);
  contactRoutes(routes, deps);
  readRoutes(routes, deps);
  searchRoutes(routes, deps);
}
