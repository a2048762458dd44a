import type { Role } from '../api/session.js';
import { t } from '../i18n/i18n.js';

/** A role as the person reads it ("admin", "agent" in their language). */
export function roleLabel(role: Role): string {
  return t(role === 'admin' ? 'app.roleAdmin' : 'app.roleAgent');
}
