import type { ActionContext } from '@bacon/sdk';
import { api, instanceUrl, query } from './client.js';
import { isRecordId, soqlString } from './soql.js';
import { SalesforceErrors } from './errors.js';

export interface Person {
  id: string;
  type: 'Contact' | 'Lead';
  name: string;
  email: string | null;
  phone: string | null;
  company?: string | null;
  url: string;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  subject: string | null;
  status: string | null;
  priority: string | null;
  createdAt: string;
  url: string;
}

interface Row {
  attributes: { type: string; url: string };
  Id: string;
  [field: string]: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
export const recordUrl = (ctx: ActionContext, type: string, id: string) => `${instanceUrl(ctx)}/lightning/r/${type}/${id}/view`;

/** Contacts, then unconverted Leads, whose Email is exactly `email` (the value escaped as a SOQL literal). */
export async function findPeople(
  ctx: ActionContext,
  email: string,
  types: ('Contact' | 'Lead')[] = ['Contact', 'Lead'],
): Promise<Person[]> {
  const out: Person[] = [];
  const v = soqlString(email);
  if (types.includes('Contact')) {
    const rows = await query<Row>(
      ctx,
      `SELECT Id, Name, Email, Phone, Account.Name FROM Contact WHERE Email = ${v} ORDER BY LastModifiedDate DESC LIMIT 5`,
    );
    for (const r of rows)
      out.push({
        id: r.Id,
        type: 'Contact',
        name: str(r.Name) ?? '',
        email: str(r.Email),
        phone: str(r.Phone),
        company: str((r.Account as { Name?: unknown } | null)?.Name),
        url: recordUrl(ctx, 'Contact', r.Id),
      });
  }
  if (types.includes('Lead')) {
    const rows = await query<Row>(
      ctx,
      `SELECT Id, Name, Email, Phone, Company FROM Lead WHERE Email = ${v} AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 5`,
    );
    for (const r of rows)
      out.push({
        id: r.Id,
        type: 'Lead',
        name: str(r.Name) ?? '',
        email: str(r.Email),
        phone: str(r.Phone),
        company: str(r.Company),
        url: recordUrl(ctx, 'Lead', r.Id),
      });
  }
  return out;
}

/** The contact's most recent cases, newest first. */
export async function recentCases(ctx: ActionContext, contactId: string, limit = 5): Promise<CaseSummary[]> {
  if (!isRecordId(contactId)) throw SalesforceErrors.rejected({ contactId }, 'Not a Salesforce record id.');
  const rows = await query<Row>(
    ctx,
    `SELECT Id, CaseNumber, Subject, Status, Priority, CreatedDate FROM Case WHERE ContactId = ${soqlString(contactId)} ORDER BY CreatedDate DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: r.Id,
    caseNumber: str(r.CaseNumber) ?? '',
    subject: str(r.Subject),
    status: str(r.Status),
    priority: str(r.Priority),
    createdAt: str(r.CreatedDate) ?? '',
    url: recordUrl(ctx, 'Case', r.Id),
  }));
}

/** `POST /sobjects/{type}`: Salesforce answers 201 `{id, success, errors}`. */
export async function createRecord(ctx: ActionContext, type: string, fields: Record<string, unknown>): Promise<string> {
  const res = await api<{ id: string; success: boolean; errors: unknown[] }>(ctx, 'POST', `/sobjects/${type}`, fields);
  if (!res?.success || !res.id) throw SalesforceErrors.rejected({ errors: res?.errors }, `Salesforce did not create the ${type}.`);
  return res.id;
}
