import { useMemo, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { automationApi, type RuleView } from '../api/automation-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { useT } from '../i18n/i18n.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { RuleForm } from './rule-form.js';
import { definitionOf, describeTrigger, draftOf, EMPTY_DRAFT, type Row, type RuleDraft } from './rule-form-model.js';
import { DryRunPanel, RuleHistory } from './rule-details.js';
import { PresetsSection } from './presets-section.js';
import { FlowsSection } from './flows-section.js';

type Panel = { kind: 'edit'; draft: RuleDraft } | { kind: 'history'; rule: RuleView } | { kind: 'dry-run'; rule: RuleView };

/**
 * The Automation tab (admins): the rules with their triggers, an on/off switch, a form to create
 * and edit them, their history and a dry run; the presets to install; the flows and their runs.
 */
export function AutomationView() {
  const { api: client } = useServices();
  const api = useMemo(() => automationApi(client), [client]);
  const toasts = useToasts();
  const t = useT();
  const rules = useLoad(() => api.listRules(), [api]);
  const flows = useLoad(() => api.listFlows(), [api]);
  const [panel, setPanel] = useState<Panel>();

  const save = async (d: RuleDraft) => {
    const body = { name: d.name, enabled: d.enabled, definition: definitionOf(d) };
    const saved = d.id ? await api.updateRule(d.id, body) : await api.createRule(body);
    rules.set((all) => (d.id ? (all ?? []).map((r) => (r.id === saved.id ? saved : r)) : [...(all ?? []), saved]));
    toasts.info(
      d.id ? t('automation.savedRule', { name: saved.name, version: saved.version }) : t('automation.createdRule', { name: saved.name }),
    );
    setPanel(undefined);
  };
  const toggle = async (r: RuleView) => {
    // Switched at once; put back if the server refuses.
    rules.set((all) => all?.map((x) => (x.id === r.id ? { ...x, enabled: !r.enabled } : x)));
    try {
      const saved = await api.updateRule(r.id, { enabled: !r.enabled });
      rules.set((all) => all?.map((x) => (x.id === saved.id ? saved : x)));
    } catch (err) {
      rules.set((all) => all?.map((x) => (x.id === r.id ? r : x)));
      toasts.error(t('automation.switchFailed', { name: r.name, error: describeError(err) }));
    }
  };
  const remove = async (r: RuleView) => {
    if (!window.confirm(t('automation.confirmDelete', { name: r.name }))) return;
    try {
      await api.deleteRule(r.id);
      rules.set((all) => all?.filter((x) => x.id !== r.id));
      toasts.info(t('automation.deletedRule', { name: r.name }));
    } catch (err) {
      toasts.error(t('automation.deleteFailed', { name: r.name, error: describeError(err) }));
    }
  };

  return (
    <section className="page" aria-labelledby="automation-title">
      <h1 id="automation-title">{t('automation.title')}</h1>
      <p className="lead">{t('automation.lead')}</p>
      {rules.error && (
        <p className="form-error" role="alert">
          {rules.error}
        </p>
      )}
      <h2>{t('automation.rules')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('automation.colRule')}</th>
            <th scope="col">{t('automation.colWhen')}</th>
            <th scope="col">{t('automation.colThen')}</th>
            <th scope="col">{t('automation.colEnabled')}</th>
            <th scope="col">{t('automation.colChanged')}</th>
            <th scope="col">
              <span className="sr-only">{t('automation.colRowActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                {t('automation.noRules')}
              </td>
            </tr>
          )}
          {rules.data?.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                {r.name} <span className="muted">{t('automation.version', { version: r.version })}</span>
              </th>
              <td>{(r.definition.triggers as Row[]).map(describeTrigger).join('; ')}</td>
              <td>{(r.definition.actions as Row[]).map((a) => a.type).join(', ')}</td>
              <td>
                <input
                  type="checkbox"
                  checked={r.enabled}
                  aria-label={t('automation.enabledOf', { name: r.name })}
                  onChange={() => void toggle(r)}
                />
              </td>
              <td>{formatTime(r.updatedAt)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="button ghost"
                  aria-label={t('automation.editRuleOf', { name: r.name })}
                  onClick={() => setPanel({ kind: 'edit', draft: draftOf(r) })}
                >
                  {t('common.edit')}
                </button>
                <button
                  type="button"
                  className="button ghost"
                  aria-label={t('automation.historyOf', { name: r.name })}
                  onClick={() => setPanel({ kind: 'history', rule: r })}
                >
                  {t('automation.history')}
                </button>
                <button
                  type="button"
                  className="button ghost"
                  aria-label={t('automation.dryRunOf', { name: r.name })}
                  onClick={() => setPanel({ kind: 'dry-run', rule: r })}
                >
                  {t('automation.dryRun')}
                </button>
                <button
                  type="button"
                  className="button ghost danger"
                  aria-label={t('automation.deleteRuleOf', { name: r.name })}
                  onClick={() => void remove(r)}
                >
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!panel && (
        <button type="button" className="button primary" onClick={() => setPanel({ kind: 'edit', draft: { ...EMPTY_DRAFT } })}>
          {t('automation.newRule')}
        </button>
      )}
      {panel?.kind === 'edit' && (
        <RuleForm
          key={panel.draft.id ?? 'new'}
          initial={panel.draft}
          flows={flows.data ?? []}
          onSave={save}
          onCancel={() => setPanel(undefined)}
        />
      )}
      {panel?.kind === 'history' && <RuleHistory key={panel.rule.id} api={api} rule={panel.rule} />}
      {panel?.kind === 'dry-run' && <DryRunPanel key={panel.rule.id} api={api} rule={panel.rule} />}
      {panel && panel.kind !== 'edit' && (
        <button type="button" className="button ghost" onClick={() => setPanel(undefined)}>
          {t('common.close')}
        </button>
      )}
      <PresetsSection api={api} onInstalled={(r) => rules.set((all) => [...(all ?? []), r])} />
      <FlowsSection api={api} flows={flows.data} />
    </section>
  );
}
