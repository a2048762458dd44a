import { SHORTCUTS } from './shortcut-list.js';

export function ShortcutsView() {
  return (
    <section className="page" aria-labelledby="shortcuts-title">
      <h1 id="shortcuts-title">Keyboard shortcuts</h1>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
              <td>{s.where}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
