import type { PersonalDataHolder, PiiMasker } from '@bacon/sdk';

/** The bundle's format name, bumped when its shape changes. */
export const EXPORT_FORMAT = 'bacon.personal-data.v1';

export interface ContactBundle {
  format: typeof EXPORT_FORMAT;
  tenantId: string;
  contactId: string;
  exportedAt: string;
  masked: boolean;
  /** One section per holder that holds something, by holder name. */
  sections: Record<string, unknown>;
}

/**
 * Asks every personal data holder about the contact: first each holder's refs (its conversation
 * ids...), so that every holder looks under all the ids, then each holder's export. Answers
 * `undefined` when no holder holds anything about the contact.
 */
export async function collectContactBundle(
  holders: readonly PersonalDataHolder[],
  subject: { tenantId: string; contactId: string },
  masker?: PiiMasker,
): Promise<ContactBundle | undefined> {
  const refs = new Set<string>();
  for (const h of holders) for (const id of (await h.refs?.(subject)) ?? []) refs.add(id);
  const sections: Record<string, unknown> = {};
  for (const h of holders) {
    const data = await h.export({ ...subject, refs: [...refs] });
    if (data !== null && data !== undefined) sections[h.name] = masker ? masker.maskDeep(data) : data;
  }
  if (!Object.keys(sections).length) return undefined;
  return { format: EXPORT_FORMAT, ...subject, exportedAt: new Date().toISOString(), masked: !!masker, sections };
}

/** The bundle as JSON text, one section at a time (what the route streams). */
export async function* bundleJson(b: ContactBundle): AsyncGenerator<string> {
  const { sections, ...head } = b;
  yield `${JSON.stringify(head).slice(0, -1)},"sections":{`;
  let first = true;
  for (const [name, data] of Object.entries(sections)) {
    yield `${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(data)}`;
    first = false;
  }
  yield '}}\n';
}
