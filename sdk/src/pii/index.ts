export { luhnValid } from './luhn-valid.js';
export { ibanValid } from './iban-valid.js';
export { cardNumberPlausible } from './card-number-plausible.js';
export {
  compilePiiPattern,
  createPiiMasker,
  maskPii,
  maskPiiDeep,
  PII_KINDS,
  type PiiKind,
  type PiiMaskOptions,
  type PiiMasker,
  type PiiPattern,
} from './pii-masker.js';
