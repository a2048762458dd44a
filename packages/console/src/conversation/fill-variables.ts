/** Values a macro body may use: `{{contact.name}}`, `{{agent.name}}`, `{{conversation.id}}`... */
export type MacroVariables = Record<string, Record<string, string | null | undefined>>;

const VARIABLE = /\{\{\s*([a-z]+)\.([a-zA-Z]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

/**
 * Fills `{{scope.field}}` and `{{scope.field | fallback}}` the way the inbox does when it applies a
 * macro, so what the agent sees in the reply box is what the contact would get.
 */
export function fillVariables(body: string, vars: MacroVariables): string {
  return body.replace(VARIABLE, (_m, scope: string, field: string, fallback: string | undefined) => {
    const value = vars[scope]?.[field];
    return value === null || value === undefined || value === '' ? (fallback ?? '') : value;
  });
}
