import { luhnValid } from './luhn-valid.js';

const between = (n: number, lo: number, hi: number) => n >= lo && n <= hi;

/**
 * True when `digits` could be a payment card: an issuer prefix of a card network with a length that
 * network issues, and a valid Luhn check. Prefix and length keep epoch timestamps, order and
 * tracking numbers (which pass Luhn one time in ten) from being taken for cards.
 */
export function cardNumberPlausible(digits: string): boolean {
  const n = digits.length;
  if (!/^\d{13,19}$/.test(digits)) return false;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const issued =
    (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) || // Visa
    ((p2 === 34 || p2 === 37) && n === 15) || // American Express
    ((between(p2, 51, 55) || between(p4, 2221, 2720)) && n === 16) || // Mastercard
    ((p2 === 50 || between(p2, 56, 58)) && n >= 16) || // Maestro
    (p2 === 35 && n >= 16) || // JCB
    ((p2 === 36 || p2 === 38 || between(Number(digits.slice(0, 3)), 300, 305)) && n >= 14) || // Diners
    (digits[0] === '6' && n >= 16); // Discover, UnionPay, RuPay
  return issued && luhnValid(digits);
}
