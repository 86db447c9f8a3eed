/**
 * Seeded bank statements with known answers, rendered into every export format the importer reads, so
 * tests compare what the parser returns with what was written, exactly. Also the source of the
 * 100,000-row CSV for bench/import-csv-core.ts.
 */
import iconv from 'iconv-lite';
import { seeded } from '../random.js';

export interface GeneratedTransaction {
  date: string;
  valueDate: string;
  description: string;
  amountMinor: number;
  balanceMinor: number;
  reference: string;
}

export interface GeneratedStatement {
  accountNumber: string;
  currency: string;
  openingMinor: number;
  closingMinor: number;
  start: string;
  end: string;
  transactions: GeneratedTransaction[];
}

const PAYEES = [
  'Pick n Pay',
  'Woolworths Food',
  'Engen Garage',
  'Salary ACME Ltd',
  'Müller & Söhne',
  'Café Noir',
  'City Rates',
  'Netflix',
];

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

export function generateStatement(options: {
  seed: number;
  rows: number;
  currency?: string;
  start?: string;
  safeText?: boolean;
}): GeneratedStatement {
  const next = seeded(options.seed).next;
  const start = options.start ?? '2024-01-01';
  const openingMinor = Math.round(next() * 5_000_000) - 1_000_000;
  let balance = openingMinor;
  let day = 0;
  const transactions: GeneratedTransaction[] = [];
  // A year of days at most: about 270 rows a day at 100,000 rows, two or three a day for small ones.
  const newDayChance = Math.min(0.4, 365 / Math.max(options.rows, 1));
  for (let i = 0; i < options.rows; i++) {
    if (next() < newDayChance) day += 1;
    const credit = next() < 0.2;
    const magnitude = Math.round(next() * (credit ? 2_000_000 : 250_000)) + 1;
    const amountMinor = credit ? magnitude : -magnitude;
    balance += amountMinor;
    const payee = PAYEES[Math.floor(next() * PAYEES.length)] ?? 'Shop';
    const description = options.safeText
      ? `${payee.replace(/[^A-Za-z ]/g, '').replace(/ +/g, ' ')} ${i + 1}`
      : `${payee}, ref "${i + 1}"; ok`;
    const date = addDays(start, day);
    transactions.push({
      date,
      valueDate: addDays(date, next() < 0.3 ? 1 : 0),
      description,
      amountMinor,
      balanceMinor: balance,
      reference: `T${options.seed}-${i + 1}`,
    });
  }
  return {
    accountNumber: `62${String(options.seed).padStart(9, '0')}`,
    currency: options.currency ?? 'ZAR',
    openingMinor,
    closingMinor: balance,
    start,
    end: addDays(start, day),
    transactions,
  };
}

/** Minor units as a plain decimal with the given separator and optional thousands grouping. */
export function formatMinor(minor: number, decimal: '.' | ',', thousands = ''): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${sign}${whole}${decimal}${String(abs % 100).padStart(2, '0')}`;
}

export interface CsvDialect {
  delimiter: ',' | ';' | '\t' | '|';
  decimal: '.' | ',';
  thousands: string;
  dates: 'DMY' | 'MDY' | 'ISO';
  encoding: 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252';
  debitCredit: boolean;
  newestFirst: boolean;
}

/** The plainest bank CSV: UTF-8, comma, `.` decimals, ISO dates, one signed amount column, oldest first. */
export const PLAIN_CSV: CsvDialect = {
  delimiter: ',',
  decimal: '.',
  thousands: '',
  dates: 'ISO',
  encoding: 'utf8',
  debitCredit: false,
  newestFirst: false,
};

const formatDate = (iso: string, dates: CsvDialect['dates']) => {
  const [y, m, d] = iso.split('-');
  return dates === 'ISO' ? iso : dates === 'DMY' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`;
};

function csvCell(text: string, delimiter: string): string {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n')
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

export function renderCsv(statement: GeneratedStatement, dialect: CsvDialect): Uint8Array {
  const d = dialect.delimiter;
  const money = (minor: number) => formatMinor(minor, dialect.decimal, dialect.thousands);
  const header = dialect.debitCredit
    ? ['Date', 'Value Date', 'Description', 'Debit', 'Credit', 'Balance', 'Reference']
    : ['Date', 'Value Date', 'Description', 'Amount', 'Balance', 'Reference'];
  const rows = statement.transactions.map((t) => {
    const amount = dialect.debitCredit
      ? [t.amountMinor < 0 ? money(-t.amountMinor) : '', t.amountMinor > 0 ? money(t.amountMinor) : '']
      : [money(t.amountMinor)];
    return [
      formatDate(t.date, dialect.dates),
      formatDate(t.valueDate, dialect.dates),
      t.description,
      ...amount,
      money(t.balanceMinor),
      t.reference,
    ];
  });
  if (dialect.newestFirst) rows.reverse();
  const text =
    [header, ...rows].map((cells) => cells.map((cell) => csvCell(cell, d)).join(d)).join('\r\n') + '\r\n';
  if (dialect.encoding === 'utf8') return new TextEncoder().encode(text);
  if (dialect.encoding === 'utf8bom') return new TextEncoder().encode(`\uFEFF${text}`);
  if (dialect.encoding === 'utf16le') return iconv.encode(text, 'utf16le', { addBOM: true });
  if (dialect.encoding === 'utf16be') return iconv.encode(text, 'utf16-be');
  return iconv.encode(text, 'windows1252');
}

const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');
const swiftAmount = (minor: number) => formatMinor(Math.abs(minor), ',');
const mark = (minor: number) => (minor < 0 ? 'D' : 'C');

export function renderMt940(statements: GeneratedStatement[]): Uint8Array {
  const lines: string[] = [];
  statements.forEach((s, index) => {
    lines.push(
      '{1:F01BANKZAJJAXXX0000000000}{2:O940}{4:',
      `:20:STMT${index + 1}`,
      `:25:${s.accountNumber}`,
      `:28C:${index + 1}/1`,
    );
    lines.push(`:60F:${mark(s.openingMinor)}${yymmdd(s.start)}${s.currency}${swiftAmount(s.openingMinor)}`);
    for (const t of s.transactions) {
      lines.push(
        `:61:${yymmdd(t.valueDate)}${t.date.slice(5).replace('-', '')}${mark(t.amountMinor)}${swiftAmount(t.amountMinor)}NTRFNONREF//${t.reference}`,
      );
      // :86: lines are at most 65 characters; longer narratives continue on the next line.
      const narrative = t.description.match(/.{1,65}/g) ?? [''];
      lines.push(`:86:${narrative[0]}`, ...narrative.slice(1));
    }
    lines.push(
      `:62F:${mark(s.closingMinor)}${yymmdd(s.end)}${s.currency}${swiftAmount(s.closingMinor)}`,
      '-}',
    );
  });
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function camtBalance(code: string, minor: number, currency: string, date: string): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${formatMinor(Math.abs(minor), '.')}</Amt><CdtDbtInd>${minor < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
}

export function renderCamt053(statements: GeneratedStatement[]): Uint8Array {
  const body = statements.map((s, index) => {
    const entries = s.transactions.map((t) => {
      const party = t.amountMinor < 0 ? 'Cdtr' : 'Dbtr';
      return `<Ntry><Amt Ccy="${s.currency}">${formatMinor(Math.abs(t.amountMinor), '.')}</Amt><CdtDbtInd>${t.amountMinor < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${t.date}</Dt></BookgDt><ValDt><Dt>${t.valueDate}</Dt></ValDt><AcctSvcrRef>${t.reference}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><${party}><Pty><Nm>${xmlText(t.description)}</Nm></Pty></${party}></RltdPties></TxDtls></NtryDtls></Ntry>`;
    });
    return `<Stmt><Id>S${index + 1}</Id><Acct><Id><Othr><Id>${s.accountNumber}</Id></Othr></Id><Ccy>${s.currency}</Ccy></Acct>${camtBalance('OPBD', s.openingMinor, s.currency, s.start)}${camtBalance('CLBD', s.closingMinor, s.currency, s.end)}\n${entries.join('\n')}\n</Stmt>`;
  });
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>\n${body.join('\n')}\n</BkToCstmrStmt></Document>\n`,
  );
}

export function renderOfx(statement: GeneratedStatement, version: 'sgml' | 'xml'): Uint8Array {
  const leaf = (name: string, value: string) =>
    version === 'sgml' ? `<${name}>${value}` : `<${name}>${value}</${name}>`;
  const rows = statement.transactions.map((t) =>
    [
      '<STMTTRN>',
      leaf('TRNTYPE', t.amountMinor < 0 ? 'DEBIT' : 'CREDIT'),
      leaf('DTPOSTED', t.date.replace(/-/g, '')),
      leaf('TRNAMT', formatMinor(t.amountMinor, '.')),
      leaf('FITID', t.reference),
      leaf('NAME', xmlText(t.description)),
      '</STMTTRN>',
    ].join('\n'),
  );
  const header =
    version === 'sgml'
      ? 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:UTF-8\nCHARSET:NONE\n\n'
      : '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n';
  const body = [
    '<OFX><BANKMSGSRSV1><STMTTRNRS>',
    leaf('TRNUID', '1'),
    `<STMTRS>${leaf('CURDEF', statement.currency)}<BANKACCTFROM>${leaf('ACCTID', statement.accountNumber)}</BANKACCTFROM>`,
    `<BANKTRANLIST>${leaf('DTSTART', statement.start.replace(/-/g, ''))}${leaf('DTEND', statement.end.replace(/-/g, ''))}`,
    ...rows,
    '</BANKTRANLIST>',
    `<LEDGERBAL>${leaf('BALAMT', formatMinor(statement.closingMinor, '.'))}${leaf('DTASOF', statement.end.replace(/-/g, ''))}</LEDGERBAL>`,
    '</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
  ];
  return new TextEncoder().encode(header + body.join('\n') + '\n');
}

export function renderQif(statement: GeneratedStatement): Uint8Array {
  const lines = ['!Type:Bank'];
  for (const t of statement.transactions) {
    const [y, m, d] = t.date.split('-');
    lines.push(
      `D${Number(m)}/${Number(d)}/${y}`,
      `T${formatMinor(t.amountMinor, '.', ',')}`,
      `P${t.description}`,
      '^',
    );
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
