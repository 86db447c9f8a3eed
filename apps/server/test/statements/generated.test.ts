import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../src/adapters/pdf/index.js';
import { parseStatementText, reconcile } from '../../src/domain/statements/index.js';
import { LAYOUTS, generateStatement } from '../generators/statements/index.js';

/**
 * Every generated layout, rendered to a real PDF and parsed for real, must give exactly the known
 * transactions and reconcile. 120 rows spill onto a second page, so repeated headers and footers count.
 */
describe('generated statement layouts', () => {
  it('cover at least 12 layouts', () => {
    expect(LAYOUTS.length).toBeGreaterThanOrEqual(12);
  });

  it.each(LAYOUTS.map((layout) => [layout.id, layout.exercises]))('%s (%s)', async (id) => {
    const { pdf, expected } = await generateStatement(id, { seed: 11, count: 120 });
    const doc = await extractDocumentText(pdf);
    expect(doc.pages.length).toBeGreaterThanOrEqual(2);
    const result = parseStatementText(doc);
    if ('error' in result) throw new Error(`${result.error.code}: ${result.error.message}`);
    const { statement } = result;
    expect(
      statement.transactions.map(({ date, description, amountMinor }) => ({
        date,
        description,
        amountMinor,
      })),
    ).toEqual(
      expected.transactions.map(({ date, description, amountMinor }) => ({ date, description, amountMinor })),
    );
    expect(statement.transactions.map((tx) => tx.balanceMinor)).toEqual(
      expected.transactions.map((tx) => tx.balanceMinor),
    );
    expect({
      kind: statement.accountKind,
      currency: statement.currency,
      opening: statement.openingBalanceMinor,
      closing: statement.closingBalanceMinor,
    }).toEqual({
      kind: expected.kind,
      currency: expected.currency,
      opening: expected.openingMinor,
      closing: expected.closingMinor,
    });
    expect(reconcile(statement)).toMatchObject({ reconciled: true, checked: true, issues: [] });
  });

  it('is deterministic for a seed and different across seeds', async () => {
    const [a, b, c] = await Promise.all([
      generateStatement('dmy-signed', { seed: 5, count: 30 }),
      generateStatement('dmy-signed', { seed: 5, count: 30 }),
      generateStatement('dmy-signed', { seed: 6, count: 30 }),
    ]);
    expect(a.expected).toEqual(b.expected);
    expect(c.expected.transactions).not.toEqual(a.expected.transactions);
  });
});
