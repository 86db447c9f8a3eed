import { describe, expect, it } from 'vitest';
import type { DocumentText, PageText } from '../document-text.js';
import { parseStatementText } from './parse-statement.js';
import { reconcile } from './reconcile.js';

/** A page from lines of [x, text] cells, 12 pt apart, as pdf.js would position separate text runs. */
function page(pageNumber: number, lines: [number, string][][]): PageText {
  const items = lines.flatMap((cells, row) =>
    cells.map(([x, text]) => ({
      text,
      x,
      y: 100 + row * 12,
      width: text.length * 4.4,
      height: 8,
      fontSize: 8,
    })),
  );
  return { pageNumber, width: 595, height: 842, items };
}
const doc = (...pages: PageText[]): DocumentText => ({ pages, metadata: {} });

const HEADER: [number, string][] = [
  [40, 'Date'],
  [110, 'Description'],
  [380, 'Amount'],
  [470, 'Balance'],
];

function parsed(text: DocumentText, options = {}) {
  const result = parseStatementText(text, options);
  if ('error' in result) throw new Error(result.error.message);
  return result.statement;
}

describe('parseStatementText', () => {
  it('says NOT_A_STATEMENT for a document that is no statement', () => {
    const letter = doc(page(1, [[[40, 'Dear customer, thank you for your order.']], [[40, 'Kind regards']]]));
    expect(parseStatementText(letter)).toMatchObject({ error: { code: 'NOT_A_STATEMENT' } });
  });

  it('says STATEMENT_LAYOUT_UNKNOWN when a statement has no readable table', () => {
    const text = doc(
      page(1, [[[40, 'Bank statement for account 123']], [[40, 'Your balance is shown overleaf']]]),
    );
    expect(parseStatementText(text)).toMatchObject({ error: { code: 'STATEMENT_LAYOUT_UNKNOWN' } });
  });

  it('reads a table printed newest first in date order, with its balances proving the rows', () => {
    const row = (date: string, text: string, amount: string, balance: string): [number, string][] => [
      [40, date],
      [110, text],
      [380, amount],
      [470, balance],
    ];
    const statement = parsed(
      doc(
        page(1, [
          [[40, 'Statement period 01/04/2026 to 30/04/2026']],
          HEADER,
          row('20/04/2026', 'Closing balance', '', '120.00'),
          row('20/04/2026', 'Salary', '100.00', '120.00'),
          row('12/04/2026', 'Groceries', '-30.00', '20.00'),
          row('05/04/2026', 'Rent', '-50.00', '50.00'),
          row('01/04/2026', 'Opening balance', '', '100.00'),
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => [tx.date, tx.description, tx.amountMinor])).toEqual([
      ['2026-04-05', 'Rent', -5000],
      ['2026-04-12', 'Groceries', -3000],
      ['2026-04-20', 'Salary', 10000],
    ]);
    expect(reconcile(statement)).toMatchObject({ reconciled: true, issues: [] });
  });

  it('decides day-month order once for the whole column', () => {
    const statement = parsed(
      doc(
        page(1, [
          HEADER,
          [
            [40, '03/04/2026'],
            [110, 'First'],
            [380, '-1.00'],
            [470, '9.00'],
          ],
          [
            [40, '13/04/2026'],
            [110, 'Second'],
            [380, '-1.00'],
            [470, '8.00'],
          ],
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => tx.date)).toEqual(['2026-04-03', '2026-04-13']);
  });

  it('reads unsigned amounts as debits when the statement marks its credits Cr', () => {
    const statement = parsed(
      doc(
        page(1, [
          [
            [40, 'Date'],
            [110, 'Description'],
            [380, 'Amount'],
          ],
          [
            [40, '01 Mar 2026'],
            [110, 'Salary'],
            [380, '500.00Cr'],
          ],
          [
            [40, '02 Mar 2026'],
            [110, 'Groceries'],
            [380, '120.50'],
          ],
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => tx.amountMinor)).toEqual([50_000, -12_050]);
  });

  it('joins description lines, including those before the line that carries the amount', () => {
    const statement = parsed(
      doc(
        page(1, [
          HEADER,
          [
            [40, '01/05/2026'],
            [110, 'CARD PURCHASE'],
          ],
          [
            [110, 'WOOLWORTHS'],
            [380, '-10.00'],
            [470, '90.00'],
          ],
          [
            [40, '02/05/2026'],
            [110, 'TRANSFER'],
            [380, '-20.00'],
            [470, '70.00'],
          ],
          [[110, 'REF 12345']],
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => tx.description)).toEqual([
      'CARD PURCHASE WOOLWORTHS',
      'TRANSFER REF 12345',
    ]);
  });

  it('keeps repeated page footers out of descriptions', () => {
    const footer: [number, string][] = [[40, 'Page 1 of 2 - Example Bank Ltd']];
    const statement = parsed(
      doc(
        page(1, [
          HEADER,
          [
            [40, '01/05/2026'],
            [110, 'Shop'],
            [380, '-1.00'],
            [470, '9.00'],
          ],
          footer,
        ]),
        page(2, [
          HEADER,
          [
            [40, '02/05/2026'],
            [110, 'Cafe'],
            [380, '-1.00'],
            [470, '8.00'],
          ],
          footer,
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => tx.description)).toEqual(['Shop', 'Cafe']);
  });

  it('switches to a liability account when only that reconciles, and says so', () => {
    // A purchase in the Debit column raises the balance: only a balance owed behaves like that.
    const statement = parsed(
      doc(
        page(1, [
          [
            [40, 'Date'],
            [110, 'Description'],
            [300, 'Debit'],
            [380, 'Credit'],
            [470, 'Balance'],
          ],
          [
            [110, 'Opening balance'],
            [470, '1,000.00'],
          ],
          [
            [40, '01/05/2026'],
            [110, 'Purchase'],
            [300, '50.00'],
            [470, '1,050.00'],
          ],
          [
            [40, '02/05/2026'],
            [110, 'Payment'],
            [380, '100.00'],
            [470, '950.00'],
          ],
          [
            [110, 'Closing balance'],
            [470, '950.00'],
          ],
        ]),
      ),
    );
    expect(statement.accountKind).toBe('liability');
    expect(statement.transactions.map((tx) => tx.amountMinor)).toEqual([-5_000, 10_000]);
    expect(statement.problems.map((problem) => problem.code)).toContain('ACCOUNT_KIND_FROM_BALANCES');
    expect(reconcile(statement).reconciled).toBe(true);
  });

  it('honours an explicit account kind and bank hint', () => {
    const statement = parsed(
      doc(
        page(1, [
          HEADER,
          [
            [40, '01/05/2026'],
            [110, 'Shop'],
            [380, '-1.00'],
            [470, '9.00'],
          ],
        ]),
      ),
      { accountKind: 'asset', bankHint: 'nedbank' },
    );
    expect(statement).toMatchObject({ accountKind: 'asset', bankSource: 'nedbank', bankName: 'Nedbank' });
  });
});

describe('parseStatementText on less regular tables', () => {
  it('reads a table without a title row from lines that lead with a date', () => {
    const statement = parsed(
      doc(
        page(1, [
          [[40, 'Account statement']],
          [
            [40, '01/05/2026'],
            [110, 'Shop'],
            [380, '-1.00'],
            [470, '9.00'],
          ],
          [
            [40, '02/05/2026'],
            [110, 'Cafe'],
            [380, '-2.00'],
            [470, '7.00'],
          ],
          [
            [40, '03/05/2026'],
            [110, 'Refund'],
            [380, '3.00'],
            [470, '10.00'],
          ],
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => [tx.description, tx.amountMinor, tx.balanceMinor])).toEqual([
      ['Shop', -100, 900],
      ['Cafe', -200, 700],
      ['Refund', 300, 1000],
    ]);
  });

  it('takes Dr/Cr printed in a column of their own as the sign', () => {
    const statement = parsed(
      doc(
        page(1, [
          [
            [40, 'Date'],
            [110, 'Narration'],
            [380, 'Amount'],
            [430, 'Dr/Cr'],
            [470, 'Balance'],
          ],
          [
            [40, '01/05/2026'],
            [110, 'Salary'],
            [380, '100.00'],
            [430, 'Cr'],
            [470, '100.00'],
          ],
          [
            [40, '02/05/2026'],
            [110, 'Rent'],
            [380, '40.00'],
            [430, 'Dr'],
            [470, '60.00'],
          ],
        ]),
      ),
    );
    expect(statement.transactions.map((tx) => [tx.description, tx.amountMinor])).toEqual([
      ['Salary', 10_000],
      ['Rent', -4_000],
    ]);
  });

  it('joins words whose glyphs the PDF placed one by one, and reads accented titles', () => {
    const glyphs = 'GROCER'.split('').map((char, index): [number, string] => [110 + index * 4.4, char]);
    const statement = parsed(
      doc(
        page(1, [
          [
            [40, 'Date'],
            [110, 'Libellé'],
            [300, 'Débit'],
            [380, 'Crédit'],
            [470, 'Solde'],
          ],
          [[40, '01/05/2026'], ...glyphs, [300, '12,00'], [470, '88,00']],
        ]),
      ),
    );
    expect(statement.transactions).toMatchObject([{ description: 'GROCER', amountMinor: -1_200 }]);
  });
});
