import { SHORTCUTS } from './shortcut-list.js';
import { useT } from '../i18n/i18n.js';

export function ShortcutsView() {
  const t = useT();
  return (
    <section className="page" aria-labelledby="shortcuts-title">
      <h1 id="shortcuts-title">{t('shortcuts.title')}</h1>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.keys')}</th>
            <th scope="col">{t('shortcuts.does')}</th>
            <th scope="col">{t('shortcuts.where')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keysText ? t(s.keysText) : s.keys}</kbd>
              </td>
              <td>{t(s.what)}</td>
              <td>{t(s.where)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
