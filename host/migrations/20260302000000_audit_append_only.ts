import type { Knex } from 'knex';

/**
 * The audit log is append-only in the database too: UPDATE, DELETE and TRUNCATE of `audit_log` are
 * refused, unless the transaction says it is a retention purge or an erasure scrub
 * (`SET LOCAL bacon.audit_purge = 'on'` in that transaction). Listing by actor and
 * time uses the new index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(current_setting('bacon.audit_purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await knex.raw(
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  );
  await knex.raw(
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  );
  await knex.schema.alterTable('audit_log', (t) => t.index(['tenant_id', 'actor_id', 'created_at']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => t.dropIndex(['tenant_id', 'actor_id', 'created_at']));
  await knex.raw('DROP TRIGGER audit_log_no_truncate ON audit_log');
  await knex.raw('DROP TRIGGER audit_log_no_change ON audit_log');
  await knex.raw('DROP FUNCTION audit_log_append_only()');
}
