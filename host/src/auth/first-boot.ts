import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import { hashPassword } from './passwords.js';
import { createTenant, firstTenant } from './tenants-repo.js';
import { countUsers, insertUser } from './users-repo.js';

/** Any constant: hosts booting together serialise on it. */
const FIRST_BOOT_LOCK = 0x6ba_c0_01;
export const DEFAULT_ADMIN_EMAIL = 'admin@bacon.local';

export interface FirstBootResult {
  tenantId: string;
  /** Set when this boot created the admin. */
  admin?: { email: string; generatedPassword?: string };
}

/**
 * On first boot, creates the first tenant, and an admin when no user exists: from
 * BACON_ADMIN_EMAIL / BACON_ADMIN_PASSWORD, or (embedded default and tests only) with a generated
 * password that the caller prints once. A Postgres deployment without a password gets no admin and
 * a warning instead: a generated one would be lost in some host's output.
 */
export async function firstBoot(knex: Knex, config: Readonly<Config>, log: Logger): Promise<FirstBootResult> {
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [FIRST_BOOT_LOCK]);
    const tenant = (await firstTenant(trx)) ?? (await createTenant(trx, config.tenantName));
    if ((await countUsers(trx)) > 0) return { tenantId: tenant.id };
    const email = config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    let password = config.adminPassword;
    let generatedPassword: string | undefined;
    if (!password) {
      if (config.databaseUrl && config.nodeEnv !== 'test') {
        log.warn('no user exists: set BACON_ADMIN_EMAIL and BACON_ADMIN_PASSWORD and restart to create the first admin');
        return { tenantId: tenant.id };
      }
      password = generatedPassword = randomBytes(15).toString('base64url');
    }
    // A generated password was printed once to a terminal: the console asks for a new one at first sign-in.
    await insertUser(trx, {
      tenantId: tenant.id,
      email,
      name: 'Admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
      mustChangePassword: generatedPassword !== undefined,
    });
    log.info({ tenantId: tenant.id }, 'first boot: created the first tenant and admin');
    return { tenantId: tenant.id, admin: { email, generatedPassword } };
  });
}

/** Prints a generated admin password once, on the console (never in the log, never in tests). */
export function announceAdmin(result: FirstBootResult, config: Readonly<Config>): void {
  if (!result.admin?.generatedPassword || config.nodeEnv === 'test') return;
  process.stdout.write(
    `\nFirst boot: created the admin account\n  email:    ${result.admin.email}\n  password: ${result.admin.generatedPassword}\n` +
      'This password is shown once. Sign in at /webui.html: you will be asked to choose your own.\n\n',
  );
}
