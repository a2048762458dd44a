import { ChannelErrors } from './errors.js';
import { ATTACHMENT_TYPES } from './attachments.js';

/** What a tenant lets be uploaded: the largest file and the allowed types (shown before an upload). */
export interface AttachmentLimits {
  maxBytes: number;
  types: string[];
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 716800;

/** The limits from a tenant's merged channels settings (`maxAttachmentBytes`, `attachmentTypes`). */
export function attachmentLimits(settings: Record<string, unknown>): AttachmentLimits {
  const max = Number(settings.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES);
  const listed = Array.isArray(settings.attachmentTypes) ? (settings.attachmentTypes as unknown[]).map(String) : ATTACHMENT_TYPES;
  return {
    maxBytes: Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_ATTACHMENT_BYTES,
    types: ATTACHMENT_TYPES.filter((t) => listed.includes(t)),
  };
}

// The first bytes each image type must start with: a file saying `image/png` is a PNG, or it is refused.
const SIGNATURES: Record<string, number[][]> = {
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/gif': [
    [0x47, 0x49, 0x46, 0x38, 0x37, 0x61],
    [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  ],
  'image/webp': [[0x52, 0x49, 0x46, 0x46]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
};

/** A clean file name, or a 400: 1 to 200 characters, no control characters (NUL included), no slashes. */
export function checkAttachmentName(name: string): string {
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex
  if (!trimmed || trimmed.length > 200 || /[\u0000-\u001f\u007f/\\]/.test(trimmed)) {
    throw ChannelErrors.attachmentNameInvalid({ field: 'name' });
  }
  return trimmed;
}

/** Refuses (4xx) an upload the tenant's limits do not allow, or whose bytes are not what it says. */
export function checkAttachment(limits: AttachmentLimits, a: { contentType: string; bytes: Buffer }): void {
  const type = a.contentType.split(';')[0]!.trim().toLowerCase();
  if (!limits.types.includes(type)) throw ChannelErrors.attachmentTypeRefused({ field: 'contentType', allowed: limits.types });
  if (a.bytes.length === 0) throw ChannelErrors.attachmentEmpty({ field: 'data' });
  if (a.bytes.length > limits.maxBytes) throw ChannelErrors.attachmentTooLarge({ field: 'data', maxBytes: limits.maxBytes });
  const signatures = SIGNATURES[type];
  if (signatures && !signatures.some((sig) => sig.every((b, i) => a.bytes[i] === b))) {
    throw ChannelErrors.attachmentContentMismatch({ field: 'contentType', contentType: type });
  }
}

/** The media type proper of a Content-Type header (`image/png; charset=x` is `image/png`). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
