import { describe, expect, it } from 'vitest';
import { parseOfx, sgmlToXml } from './ofx.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const SGML_HEADER = [
  'OFXHEADER:100',
  'DATA:OFXSGML',
  'VERSION:102',
  'SECURITY:NONE',
  'ENCODING:USASCII',
  'CHARSET:1252',
  'COMPRESSION:NONE',
  'OLDFILEUID:NONE',
  'NEWFILEUID:NONE',
  '',
].join('\r\n');

const sgmlBank = `${SGML_HEADER}
<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240201120000[-5:EST]<LANGUAGE>ENG
<FI><ORG>First Example Bank<FID>1234</FI></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>021000021<ACCTID>123456789<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105120000.000[-5:EST]<TRNAMT>-42.50<FITID>2024010501<NAME>AT&T WIRELESS<MEMO>Monthly bill
</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240115<DTAVAIL>20240116<TRNAMT>+1500<FITID>2024011502<NAME>PAYROLL &amp; CO
</STMTTRN>
<STMTTRN><TRNTYPE>POS<DTPOSTED>20240120<TRNAMT>-3,75<FITID>2024012003<NAME>Café Noir<MEMO>Café Noir</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>2453.75<DTASOF>20240131</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`;

describe('parseOfx, 1.x SGML', () => {
  it('reads every STMTTRN with FITID, dates, signed amounts and a closing balance only', () => {
    const result = parseOfx(bytes(sgmlBank));
    if (!result.ok) throw new Error(result.error.message);
    const [statement] = result.value;
    expect(statement).toMatchObject({
      format: 'ofx',
      bankName: 'First Example Bank',
      accountNumber: '123456789',
      accountKind: 'asset',
      currency: 'USD',
      periodStart: '2024-01-01',
      periodEnd: '2024-01-31',
      openingBalanceMinor: undefined,
      closingBalanceMinor: 245_375,
    });
    expect(
      statement?.transactions.map((t) => [t.date, t.amountMinor, t.description, t.bankReference]),
    ).toEqual([
      ['2024-01-05', -4250, 'AT&T WIRELESS - Monthly bill', '2024010501'],
      ['2024-01-15', 150_000, 'PAYROLL & CO', '2024011502'],
      ['2024-01-20', -375, 'Café Noir', '2024012003'],
    ]);
    expect(statement?.transactions[1]?.valueDate).toBe('2024-01-16');
    expect(statement?.transactions[0]?.source?.line).toBe(18);
    expect(statement?.problems.map((p) => p.code)).toContain('OPENING_BALANCE_ABSENT');
  });

  it('decodes a Windows-1252 body as its CHARSET header says', () => {
    const latin = Uint8Array.from(sgmlBank, (c) => (c === 'é' ? 0xe9 : c.charCodeAt(0)));
    const result = parseOfx(latin);
    expect(result.ok && result.value[0]?.transactions[2]?.description).toBe('Café Noir');
  });

  it('reports a truncated file with the element never closed', () => {
    const result = parseOfx(bytes(sgmlBank.slice(0, sgmlBank.indexOf('</BANKTRANLIST>'))));
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
    expect(!result.ok && result.error.message).toMatch(/<BANKTRANLIST> is never closed/);
  });

  it('names the line of an unreadable amount', () => {
    const result = parseOfx(bytes(sgmlBank.replace('-42.50', '-42.5O')));
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED', line: 18 } });
  });
});

const xmlCard = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <CREDITCARDMSGSRSV1>
    <CCSTMTTRNRS>
      <TRNUID>1</TRNUID>
      <CCSTMTRS>
        <CURDEF>EUR</CURDEF>
        <CCACCTFROM><ACCTID>4111XXXXXXXX1111</ACCTID></CCACCTFROM>
        <BANKTRANLIST>
          <DTSTART>20240301</DTSTART><DTEND>20240331</DTEND>
          <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240304</DTPOSTED><TRNAMT>-19.99</TRNAMT><FITID>C1</FITID><NAME>Bookshop</NAME></STMTTRN>
          <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240320</DTPOSTED><TRNAMT>100.00</TRNAMT><FITID>C2</FITID><NAME>Payment - thank you</NAME></STMTTRN>
        </BANKTRANLIST>
        <LEDGERBAL><BALAMT>-250.01</BALAMT><DTASOF>20240331</DTASOF></LEDGERBAL>
      </CCSTMTRS>
    </CCSTMTTRNRS>
  </CREDITCARDMSGSRSV1>
</OFX>
`;

describe('parseOfx, 2.x XML credit card', () => {
  it('reads a CCSTMTRS as a liability whose owed balance is positive', () => {
    const result = parseOfx(bytes(xmlCard));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value[0]).toMatchObject({
      accountKind: 'liability',
      accountNumber: '4111XXXXXXXX1111',
      currency: 'EUR',
      closingBalanceMinor: 25_001,
    });
    expect(result.value[0]?.transactions.map((t) => t.amountMinor)).toEqual([-1999, 10_000]);
  });

  it('refuses a DOCTYPE before the parser sees it', () => {
    const hostile = xmlCard.replace('<OFX>', '<!DOCTYPE OFX [<!ENTITY x SYSTEM "file:///etc/passwd">]><OFX>');
    expect(parseOfx(bytes(hostile))).toMatchObject({ ok: false, error: { code: 'EXPORT_XML_UNSAFE' } });
  });
});

describe('sgmlToXml', () => {
  it('closes leaves, keeps explicitly closed ones, and refuses a stray closing tag', () => {
    expect(sgmlToXml('<A><B>1<C>2</C></A>')).toEqual({ xml: '<A><B>1</B><C>2</C></A>' });
    expect(sgmlToXml('<A><B>1</X></A>')).toEqual({ error: '</X> closes an element that is not open' });
  });
});
