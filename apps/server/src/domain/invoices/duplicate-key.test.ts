import { describe, expect, it } from 'vitest';
import { duplicateKey, normalizeVendor } from './duplicate-key.js';
import type { Field, Invoice } from './model.js';

const f = <T>(value: T): Field<T> => ({
  value,
  confidence: 0.9,
  source: { page: 1, x: 0, y: 0, width: 1, height: 1 },
});

const invoice = (
  vendor: string | undefined,
  number: string | undefined,
  total: number | undefined,
): Invoice => ({
  language: 'de',
  source: 'text',
  issues: [],
  vendorName: vendor === undefined ? undefined : f(vendor),
  vendorTaxId: f('DE123456789'),
  invoiceNumber: number === undefined ? undefined : f(number),
  totalMinor: total === undefined ? undefined : f(total),
  currency: f('EUR'),
  lineItems: [],
  checks: [],
  confidence: 0.9,
});

describe('duplicateKey', () => {
  it('is the same for the same invoice printed with small differences', () => {
    const a = duplicateKey(invoice('Müller & Schmidt GmbH', 'RE-2024/17', 119_000));
    expect(a).toBe(duplicateKey(invoice('MULLER & SCHMIDT GmbH.', 're-2024/17', 119_000)));
    expect(a).toBe('muller and schmidt|RE-2024/17|EUR119000');
  });

  it('differs when the number or the total differs', () => {
    const a = duplicateKey(invoice('Acme Ltd', 'INV-1', 1_000));
    expect(duplicateKey(invoice('Acme Ltd', 'INV-2', 1_000))).not.toBe(a);
    expect(duplicateKey(invoice('Acme Ltd', 'INV-1', 1_001))).not.toBe(a);
  });

  it('uses the tax id without a vendor name, and gives up without a number or total', () => {
    expect(duplicateKey(invoice(undefined, 'INV-1', 1_000))).toBe('DE123456789|INV-1|EUR1000');
    expect(duplicateKey(invoice('Acme Ltd', undefined, 1_000))).toBeUndefined();
    expect(duplicateKey(invoice('Acme Ltd', 'INV-1', undefined))).toBeUndefined();
  });
});

describe('normalizeVendor', () => {
  it('drops legal forms, punctuation and accents', () => {
    expect(normalizeVendor('Protea Digital (Pty) Ltd')).toBe('protea digital');
    expect(normalizeVendor('Électricité Moreau EURL')).toBe('electricite moreau');
  });
});
