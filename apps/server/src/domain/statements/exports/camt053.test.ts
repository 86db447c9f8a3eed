import { describe, expect, it } from 'vitest';
import { parseCamt053 } from './camt053.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const balance = (code: string, amount: string, indicator: string, date: string) =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;

const twoStatements = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-02-01T06:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>S1</Id>
<FrToDt><FrDtTm>2024-01-01T00:00:00</FrDtTm><ToDtTm>2024-01-31T23:59:59</ToDtTm></FrToDt>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy><Nm>Acme BV</Nm><Svcr><FinInstnId><BIC>ABNANL2A</BIC></FinInstnId></Svcr></Acct>
${balance('OPBD', '1000.00', 'CRDT', '2024-01-01')}
${balance('CLBD', '1487.51', 'CRDT', '2024-01-31')}
<TxsSummry><TtlCdtNtries><NbOfNtries>1</NbOfNtries><Sum>500.00</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>12.49</Sum></TtlDbtNtries></TxsSummry>
<Ntry>
<Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2024-01-03</Dt></BookgDt><ValDt><Dt>2024-01-04</Dt></ValDt>
<AcctSvcrRef>ABN-0001</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jansen &amp; Zn</Nm></Dbtr><Cdtr><Nm>Acme BV</Nm></Cdtr></RltdPties>
<RmtInf><Ustrd>Invoice 2024-17</Ustrd><Ustrd>thank you</Ustrd></RmtInf></TxDtls></NtryDtls>
</Ntry>
<Ntry>
<Amt Ccy="EUR">12.49</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><DtTm>2024-01-09T10:15:00+01:00</DtTm></BookgDt>
<AcctSvcrRef>ABN-0002</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Caf&#233; Centraal</Nm></Cdtr></RltdPties></TxDtls></NtryDtls>
</Ntry>
<Ntry>
<Amt Ccy="EUR">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts><BookgDt><Dt>2024-01-31</Dt></BookgDt>
</Ntry>
</Stmt>
<Stmt>
<Id>S2</Id>
<Acct><Id><Othr><Id>12345</Id></Othr></Id><Ccy>EUR</Ccy></Acct>
${balance('PRCD', '10.00', 'DBIT', '2024-01-31')}
<Ntry>
<Amt Ccy="EUR">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2024-02-02</Dt></BookgDt><AddtlNtryInf>Reversal of direct debit</AddtlNtryInf>
</Ntry>
</Stmt>
</BkToCstmrStmt>
</Document>
`;

describe('parseCamt053', () => {
  it('returns one statement per Stmt with balances, totals, references and counterparties', () => {
    const result = parseCamt053(bytes(twoStatements));
    if (!result.ok) throw new Error(result.error.message);
    const [first, second] = result.value;
    expect(first).toMatchObject({
      format: 'camt053',
      accountNumber: 'NL91ABNA0417164300',
      accountName: 'Acme BV',
      bankName: 'ABNANL2A',
      currency: 'EUR',
      periodStart: '2024-01-01',
      periodEnd: '2024-01-31',
      openingBalanceMinor: 100_000,
      closingBalanceMinor: 148_751,
      printedTotals: { creditsMinor: 50_000, debitsMinor: 1249 },
    });
    expect(first?.transactions).toMatchObject([
      {
        date: '2024-01-03',
        valueDate: '2024-01-04',
        amountMinor: 50_000,
        bankReference: 'ABN-0001',
        description: 'Jansen & Zn - Invoice 2024-17 thank you',
        source: { line: 12 },
      },
      { date: '2024-01-09', amountMinor: -1249, bankReference: 'ABN-0002', description: 'Café Centraal' },
    ]);
    expect(first?.problems).toMatchObject([{ code: 'ENTRY_NOT_BOOKED', source: { line: 25 } }]);
    expect(second).toMatchObject({
      accountNumber: '12345',
      openingBalanceMinor: -1000,
      closingBalanceMinor: undefined,
    });
    expect(second?.transactions).toMatchObject([
      { amountMinor: 2500, description: 'Reversal of direct debit' },
    ]);
    expect(second?.problems.map((p) => p.code)).toEqual(['BALANCE_ABSENT']);
  });

  it('reconciles opening + sum = closing where both balances exist', () => {
    const result = parseCamt053(bytes(twoStatements));
    if (!result.ok) throw new Error(result.error.message);
    const first = result.value[0]!;
    const sum = first.transactions.reduce((total, t) => total + t.amountMinor, 0);
    expect(first.openingBalanceMinor! + sum).toBe(first.closingBalanceMinor);
  });

  it('names the line of an entry without a direction', () => {
    const broken = twoStatements.replace('<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>', '<Sts>BOOK</Sts>');
    expect(parseCamt053(bytes(broken))).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_MALFORMED', line: 19 },
    });
  });

  it('reports unclosed XML with its line', () => {
    const broken = twoStatements.replace(
      '</AcctSvcrRef>\n<NtryDtls><TxDtls><RltdPties><Cdtr>',
      '\n<NtryDtls><TxDtls><RltdPties><Cdtr>',
    );
    expect(parseCamt053(bytes(broken))).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
  });

  it('refuses another ISO 20022 message', () => {
    const camt054 = '<Document><BkToCstmrDbtCdtNtfctn/></Document>';
    expect(parseCamt053(bytes(camt054))).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
  });
});
