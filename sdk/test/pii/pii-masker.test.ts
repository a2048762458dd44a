import { expect } from 'chai';
import { cardNumberPlausible, compilePiiPattern, createPiiMasker, ibanValid, luhnValid, maskPii, maskPiiDeep } from '@bacon/sdk';

const masked = (text: string, token: string) => {
  const input = text.replace(/«|»/g, '');
  expect(maskPii(input), input).to.equal(text.replace(/«.*?»/g, token));
};
/** `«...»` marks what must become the token; the rest of the text must come out unchanged. */
const cases = (token: string, texts: string[]) => texts.forEach((t) => masked(t, token));
const untouched = (texts: string[]) => texts.forEach((t) => expect(maskPii(t), t).to.equal(t));

describe('luhnValid', () => {
  it('accepts numbers whose Luhn check digit is right and refuses the others', () => {
    expect(['4111111111111111', '79927398713', '378282246310005'].map(luhnValid)).to.deep.equal([true, true, true]);
    expect(['4111111111111112', '79927398710', '12a4', ''].map(luhnValid)).to.deep.equal([false, false, false, false]);
  });
});

describe('ibanValid', () => {
  it('accepts IBANs whose mod-97 check holds, with or without spaces, in any case', () => {
    for (const iban of ['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'fr1420041010050500013m02606', 'NL91ABNA0417164300'])
      expect(ibanValid(iban), iban).to.equal(true);
  });
  it('refuses a wrong check, a wrong length for the country and text that is no IBAN', () => {
    for (const iban of ['DE89 3704 0044 0532 0130 01', 'DE89 3704 0044 0532 0130 0', 'GB29NWBK6016133192681X', 'XX00', 'hello'])
      expect(ibanValid(iban), iban).to.equal(false);
  });
});

describe('cardNumberPlausible', () => {
  it('needs an issuer prefix, a length that issuer uses and the Luhn check', () => {
    expect(cardNumberPlausible('4111111111111111')).to.equal(true);
    expect(cardNumberPlausible('378282246310005')).to.equal(true);
    // Passes Luhn but starts like an epoch timestamp in milliseconds.
    expect(luhnValid('1733030400001')).to.equal(true);
    expect(cardNumberPlausible('1733030400001')).to.equal(false);
    // A Visa prefix at a length Visa does not issue.
    expect(cardNumberPlausible('411111111111116')).to.equal(false);
  });
});

describe('maskPii', () => {
  it('masks email addresses', () => {
    cases('[email]', ['write to «jane.doe+vip@example.co.uk» today', "from:«o'brien@mail.example.ie»", '«a@b.io», «c_d@e-f.com»']);
  });

  it('masks card numbers in the groupings cards are written in, when the Luhn check holds', () => {
    cases('[card]', [
      'card «4111 1111 1111 1111» exp 12/29',
      'card «4111-1111-1111-1111».',
      'pan=«4111111111111111»',
      'mc «5500 0000 0000 0004», amex «3782 822463 10005» and «378282246310005»',
      'discover «6011111111111117»',
    ]);
  });

  it('masks IBANs whose mod-97 check holds, grouped or not', () => {
    cases('[iban]', [
      'pay to «DE89 3704 0044 0532 0130 00» please',
      'IBAN: «GB29NWBK60161331926819»',
      '«NL91ABNA0417164300», «FR14 2004 1010 0505 0001 3M02 606»',
    ]);
  });

  it('masks phone numbers, international and national', () => {
    cases('[phone]', [
      'call «+33 6 12 34 56 78»',
      'call «+1 (555) 123-4567» or «(555) 123-4567» or «555-123-4567»',
      'mobile «06 12 34 56 78», office «020 7946 0958»',
      'whatsapp «+4915112345678», home «0612345678»',
      'tel:«+44 20 7946 0958».',
    ]);
  });

  it('leaves dates, times, order and tracking numbers, versions, amounts and addresses alone', () => {
    untouched([
      'ordered on 2024-01-15 at 10:30, delivered 15/01/2024 or 01.02.2024',
      'between 2024-01-15 and 2024-02-15',
      'order #123456789 and order 1234567890123456 (fails Luhn)',
      'order ORD-2024-000123, invoice INV/2024/0042',
      'tracking 1Z999AA10123456784 and 9400111899223344556677',
      'timestamp 1733030400001 ms',
      'card 4111 1111 1111 1112 is refused (bad check digit)',
      'IBAN DE89 3704 0044 0532 0130 01 (bad check)',
      'server 192.168.100.100, version 10.2.13, build 1.2.3.4',
      'total 1,299.00 EUR, 12 items, 3 x 450 g',
      'open 09:00-17:30, room 101-102',
      'someone at example dot com, @handle, user@localhost',
    ]);
  });

  it('keeps the text around a datum and masks several kinds in one text', () => {
    expect(maskPii('Jane <jane@example.com>, +33 6 12 34 56 78, card 4111111111111111, DE89370400440532013000.')).to.equal(
      'Jane <[email]>, [phone], card [card], [iban].',
    );
  });

  it('masks only the kinds asked for', () => {
    expect(maskPii('jane@example.com 4111111111111111', { kinds: ['card'] })).to.equal('jane@example.com [card]');
  });
});

describe('custom patterns', () => {
  it("mask a tenant's own identifiers, before the built-in kinds", () => {
    const m = createPiiMasker({
      custom: [
        { name: 'customer_id', pattern: 'CUST-\\d{6}' },
        { name: 'ssn', pattern: '\\b\\d{3}-\\d{2}-\\d{4}\\b' },
      ],
    });
    expect(m.mask('customer CUST-004211, ssn 078-05-1120, mail a@b.io')).to.equal('customer [customer_id], ssn [ssn], mail [email]');
  });

  it('are refused when malformed, too long, matching an empty text or named like a built-in kind', () => {
    const bad = [
      { name: 'x', pattern: '(' },
      { name: 'x', pattern: 'a'.repeat(201) },
      { name: 'x', pattern: 'a*' },
      { name: 'email', pattern: 'a' },
      { name: 'Bad Name', pattern: 'a' },
      { name: 'x', pattern: 'a', flags: 'y' },
    ];
    for (const p of bad)
      expect(() => compilePiiPattern(p), JSON.stringify(p))
        .to.throw()
        .with.property('code', 'invalid_input');
  });
});

describe('maskPiiDeep', () => {
  it('masks every string in nested objects and arrays, keeping keys and other values', () => {
    const at = new Date(0);
    const input = { 'jane@example.com': 1, contact: { email: 'jane@example.com', phones: ['+33 6 12 34 56 78'] }, n: 4111111111111111, at };
    const out = maskPiiDeep(input);
    expect(out).to.deep.equal({ 'jane@example.com': 1, contact: { email: '[email]', phones: ['[phone]'] }, n: 4111111111111111, at });
    expect(input.contact.email).to.equal('jane@example.com');
  });

  it('survives a cycle', () => {
    const a: Record<string, unknown> = { email: 'a@b.io' };
    a.self = a;
    expect((maskPiiDeep(a) as { email: string }).email).to.equal('[email]');
  });
});

describe('createPiiMasker with a token function', () => {
  it('puts the token it answers for each datum, given its kind and the datum itself', () => {
    const seen: string[] = [];
    const masker = createPiiMasker({
      custom: [{ name: 'order_no', pattern: 'ORD-\\d+' }],
      token: (kind, value) => (seen.push(`${kind}:${value}`), `[${kind}_x]`),
    });
    expect(masker.mask('ORD-77 for ada@example.org, card 4111 1111 1111 1111, call +44 20 7946 0958')).to.equal(
      '[order_no_x] for [email_x], card [card_x], call [phone_x]',
    );
    expect(seen).to.deep.equal(['order_no:ORD-77', 'email:ada@example.org', 'card:4111 1111 1111 1111', 'phone:+44 20 7946 0958']);
  });
});
