import { Gauge } from 'prom-client';
import { defineModule } from '../kernel/host-module.js';
import { auditTrailService } from '../auth/auth-module.js';
import { pluginsService } from '../plugins/plugins-module.js';
import { deploymentInEu, euTenants } from './data-residency.js';
import { registerResidencyRoutes } from './residency-routes.js';

/**
 * EU-only storage. At boot, a tenant with `dataResidency: "eu"` on a deployment whose
 * `BACON_DATA_REGION` is not in the EU (or undeclared) is a violation: an error line per tenant,
 * `bacon_data_residency_violations` (tenants), and a failing, non-required `data_residency` check in
 * /readyz. The host keeps serving (refusing to boot would take every other tenant down): an operator
 * moves the data or corrects the region. Turning the flag on where it would be violated is refused.
 */
export function dataResidencyModule() {
  return defineModule({
    name: 'data-residency',
    needs: { plugins: pluginsService, audit: auditTrailService },
    async start(services, needs) {
      const { config, db, metrics, readiness } = services;
      const log = services.log.child({ module: 'data-residency' });
      const gauge = new Gauge({
        name: 'bacon_data_residency_violations',
        help: 'Tenants with EU-only storage on a deployment whose BACON_DATA_REGION is not in the EU (checked at boot)',
        registers: [metrics.registry],
      });
      const violating = deploymentInEu(config) ? [] : await euTenants(db.knex);
      gauge.set(violating.length);
      for (const t of violating)
        log.error(
          { tenantId: t.id, dataRegion: config.dataRegion ?? null },
          `DATA RESIDENCY VIOLATION: tenant ${t.id} requires EU-only storage but this deployment's BACON_DATA_REGION is ${config.dataRegion ?? 'not set'}`,
        );
      readiness.add(
        'data_residency',
        async () =>
          violating.length
            ? { ok: false, detail: `${violating.length} tenant(s) require EU-only storage outside the EU (BACON_DATA_REGION)` }
            : { ok: true },
        { required: false },
      );
      registerResidencyRoutes(services.routes, { knex: db.knex, plugins: needs.plugins, audit: needs.audit, config });
    },
  });
}
