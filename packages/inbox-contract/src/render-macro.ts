/** Values a macro body may use: `{{contact.name}}`, `{{agent.name}}`, `{{conversation.id}}`... */
export type MacroVariables = Record<string, Record<string, string | null | undefined>>;

const VARIABLE = /\{\{\s*([a-z]+)\.([a-zA-Z]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

/**
 * Fills `{{scope.field}}` and `{{scope.field | fallback}}`; an unknown or empty value becomes the
 * fallback (or nothing). The inbox renders a macro's reply with it, and the console previews the
 * same text in the reply box, so what the agent sees is what the contact gets.
 */
export function renderMacro(body: string, vars: MacroVariables): string {
  return body.replace(VARIABLE, (_m, scope: string, field: string, fallback: string | undefined) => {
    const value = vars[scope]?.[field];
    return value === null || value === undefined || value === '' ? (fallback ?? '') : value;
  });
}
