import type { InvoiceLanguage } from '../../../src/domain/invoices/index.js';
import { LOCALES, type Labels, type Locale } from './locale.js';
import type { Random } from '../random.js';

/**
 * The facts of one generated invoice, chosen from a seed: parties, identifiers, dates, lines and the
 * amounts that follow from them. Layouts print these facts; `expectedOf` states what extraction must read.
 */
export interface Party {
  name: string;
  address: string[];
  /** As printed ("DE 123 456 789") and as extraction returns it ("DE123456789"). */
  taxIdPrinted: string;
  taxId: string;
}

export interface LineSpec {
  /** One or two printed lines; extraction joins them with a space. */
  description: string[];
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  /** The line's VAT rate in percent. */
  rate: number;
}

/** One VAT rate's line on the totals: "MwSt. 7 %  12,60 €". */
export interface TaxSpec {
  rate: number;
  label: string;
  amountMinor: number;
}

export interface InvoiceSpec {
  locale: Locale;
  /** One label variant per concept, chosen per seed; `tax` is a template with `{rate}`. */
  labels: { [K in keyof Labels]: string };
  currency: string;
  vendor: Party & { phone: string; email: string };
  customer: Party;
  number: string;
  invoiceDate: string;
  dueDate: string;
  formatDate: (iso: string) => string;
  /** How the due date is printed: [label, value], a date or payment terms ("30 days") after the invoice date. */
  due: [string, string];
  lines: LineSpec[];
  subtotalMinor: number;
  /** One entry per VAT rate; two when the invoice mixes a reduced and the standard rate. */
  taxes: TaxSpec[];
  taxMinor: number;
  totalMinor: number;
  /** Electronic format; undefined for South African invoices, which print a local account instead. */
  iban?: string | undefined;
  reference: string;
}

interface Pool {
  vendors: string[];
  customers: string[];
  streets: string[];
  cities: string[];
  items: string[];
  country: 'ZA' | 'GB' | 'DE' | 'FR' | 'NL';
}

const ZA: Omit<Pool, 'items'> = {
  vendors: [
    'Protea Digital (Pty) Ltd',
    'Van der Merwe Prokureurs',
    'Karoo Klein Boerdery BK',
    'Blouberg Loodgieters (Edms) Bpk',
  ],
  customers: ['Fynbos Holdings (Pty) Ltd', 'Jacaranda Schools Trust', 'Hartbees Logistiek BK'],
  streets: ['12 Long Street', '45 Kerkstraat', '7 Bree Street', '221 Jan Smuts Avenue'],
  cities: ['8001 Cape Town', '0002 Pretoria', '7600 Stellenbosch', '2196 Johannesburg'],
  country: 'ZA',
};

const POOLS: Record<InvoiceLanguage, Pool[]> = {
  en: [
    {
      ...ZA,
      items: [
        'Website maintenance',
        'Cloud hosting (monthly)',
        'Consulting services',
        'Logo design',
        'Printer toner cartridges',
        'Network cabling installation',
        'Software licence renewal',
        'On-site support call-out',
      ],
    },
    {
      vendors: ['Harbour Lane Consulting Ltd', 'Thames Office Supplies Ltd', 'Northgate Analytics LLP'],
      customers: ['Brightwater Trading Ltd', 'Oakfield Primary School', 'Kestrel Engineering plc'],
      streets: ['14 Bridge Street', '3 Kings Road', '88 High Street'],
      cities: ['London EC1A 1BB', 'Leeds LS1 4DY', 'Bristol BS1 5TR'],
      items: [
        'Quarterly data review',
        'Office chairs',
        'Project management',
        'Training workshop (half day)',
        'Paper A4, 5 reams',
        'Annual support plan',
        'Travel expenses',
      ],
      country: 'GB',
    },
  ],
  de: [
    {
      vendors: [
        'Müller & Schmidt GmbH',
        'Nordlicht Software GmbH',
        'Bäckerei Weiß KG',
        'Schäfer Elektrotechnik GmbH',
      ],
      customers: ['Rheinblick Hotel AG', 'Praxis Dr. Özdemir', 'Lindenhof Immobilien GmbH'],
      streets: ['Hauptstraße 5', 'Königsallee 27', 'Am Güterbahnhof 3', 'Lindenweg 12a'],
      cities: ['10115 Berlin', '80331 München', '50667 Köln', '20095 Hamburg'],
      items: [
        'Wartung Serveranlage',
        'Beratungsleistung',
        'Büromaterial',
        'Installation Netzwerk',
        'Softwarelizenz (12 Monate)',
        'Anfahrtspauschale',
        'Schulung Mitarbeiter',
      ],
      country: 'DE',
    },
  ],
  fr: [
    {
      vendors: [
        'Atelier Lumière SARL',
        'Boulangerie Dupont SAS',
        'Cabinet Lefèvre & Associés',
        'Électricité Moreau EURL',
      ],
      customers: ['Hôtel du Lac SA', 'Mairie de Saint-Étienne', 'Librairie Gérard SARL'],
      streets: ['12 rue de la Paix', '8 avenue Victor Hugo', '27 boulevard Saint-Michel'],
      cities: ['75002 Paris', '69001 Lyon', '13001 Marseille', '31000 Toulouse'],
      items: [
        'Maintenance informatique',
        'Conseil en stratégie',
        'Fournitures de bureau',
        'Installation électrique',
        'Formation du personnel',
        'Frais de déplacement',
        'Licence logicielle annuelle',
      ],
      country: 'FR',
    },
  ],
  nl: [
    {
      vendors: [
        'De Vries Installatietechniek B.V.',
        'Bakker & Zonen B.V.',
        'Van Dijk Advies',
        'Jansen Schoonmaak V.O.F.',
      ],
      customers: ['Gemeente Utrecht', 'Hotel De Keizer B.V.', 'Stichting Groen Wonen'],
      streets: ['Keizersgracht 123', 'Stationsweg 8', 'Dorpsstraat 45'],
      cities: ['1015 CJ Amsterdam', '3511 AB Utrecht', '2511 BT Den Haag'],
      items: [
        'Onderhoud cv-ketel',
        'Adviesuren',
        'Kantoorartikelen',
        'Installatie zonnepanelen',
        'Schoonmaakwerkzaamheden',
        'Voorrijkosten',
        'Softwarelicentie',
      ],
      country: 'NL',
    },
  ],
  af: [
    {
      ...ZA,
      items: [
        'Loodgieterswerk',
        'Regsadvies',
        'Kantoorbenodigdhede',
        'Elektriese installasie',
        'Tuinonderhoud',
        'Vervoerkoste',
        'Rekenaarherstelwerk',
      ],
    },
  ],
};

function taxIdFor(country: Pool['country'], random: Random): { printed: string; id: string } {
  const digits = (n: number): string => Array.from({ length: n }, () => random.int(0, 9)).join('');
  const nine = digits(9);
  switch (country) {
    case 'ZA': {
      const id = `4${nine}`;
      return { printed: id, id };
    }
    case 'GB':
      return { printed: `GB ${nine.slice(0, 3)} ${nine.slice(3, 7)} ${nine.slice(7)}`, id: `GB${nine}` };
    case 'DE':
      return random.chance(0.5)
        ? { printed: `DE${nine}`, id: `DE${nine}` }
        : { printed: `DE ${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`, id: `DE${nine}` };
    case 'FR': {
      const key = digits(2);
      return { printed: `FR ${key} ${nine}`, id: `FR${key}${nine}` };
    }
    case 'NL':
      return { printed: `NL${nine}B01`, id: `NL${nine}B01` };
  }
}

/** ISO 13616 check digits, computed independently of the code under test (BigInt, not the domain's mod97). */
function iban(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`]
    .map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55)))
    .join('');
  const check = String(98n - (BigInt(numeric) % 97n)).padStart(2, '0');
  return `${country}${check}${bban}`;
}

function ibanFor(country: Pool['country'], random: Random): string | undefined {
  const digits = (n: number): string => Array.from({ length: n }, () => random.int(0, 9)).join('');
  if (country === 'DE') return iban('DE', digits(18));
  if (country === 'FR') return iban('FR', digits(23));
  if (country === 'NL') return iban('NL', `${random.pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`);
  if (country === 'GB') return iban('GB', `${random.pick(['NWBK', 'BARC', 'LOYD'])}${digits(14)}`);
  return undefined;
}

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function party(pool: Pool, names: string[], random: Random): Party {
  const tax = taxIdFor(pool.country, random);
  return {
    name: random.pick(names),
    address: [random.pick(pool.streets), random.pick(pool.cities)],
    taxIdPrinted: tax.printed,
    taxId: tax.id,
  };
}

function lines(pool: Pool, random: Random, count: number, wrap: boolean, rates: number[]): LineSpec[] {
  return Array.from({ length: count }, (_, index) => {
    const quantity = random.chance(0.25) ? random.int(1, 16) / 2 : random.int(1, 12);
    const unitPriceMinor = random.int(10, 5000) * 50;
    const name = pool.items[index % pool.items.length] ?? 'Item';
    const description =
      wrap && index % 2 === 0
        ? [name, `(${random.pick(['ref.', 'art.', 'no.'])} ${random.int(1000, 9999)})`]
        : [name];
    const rate = rates[index % rates.length] ?? 0;
    return {
      description,
      quantity,
      unitPriceMinor,
      amountMinor: Math.round(quantity * unitPriceMinor),
      rate,
    };
  });
}

function pickLabels(locale: Locale, random: Random): InvoiceSpec['labels'] {
  const entries = Object.entries(locale.labels).map(([key, value]: [string, string | string[]]) => [
    key,
    typeof value === 'string' ? value : random.pick(value),
  ]);
  return Object.fromEntries(entries) as InvoiceSpec['labels'];
}

function taxLines(items: LineSpec[], rates: number[], template: string, locale: Locale): TaxSpec[] {
  return rates.map((rate) => {
    const base = items.filter((l) => l.rate === rate).reduce((sum, l) => sum + l.amountMinor, 0);
    const label = template.replace('{rate}', String(rate).replace('.', locale.decimal));
    return { rate, label, amountMinor: Math.round((base * rate) / 100) };
  });
}

const invoiceNumber = (invoiceDate: string, random: Random): string =>
  random.pick([
    `INV-${invoiceDate.slice(0, 4)}-${random.int(1, 9999).toString().padStart(4, '0')}`,
    `${invoiceDate.slice(0, 4)}/${random.int(100, 999)}`,
    `F${random.int(10000, 99999)}`,
    `RE-${random.int(100000, 999999)}`,
  ]);

function vendorParty(pool: Pool, random: Random): InvoiceSpec['vendor'] {
  const vendor = party(pool, pool.vendors, random);
  const phone = `+${random.int(20, 49)} ${random.int(10, 99)} ${random.int(100, 999)} ${random.int(1000, 9999)}`;
  const domain = (vendor.name.split(' ')[0] ?? 'mail').toLowerCase().replace(/[^a-z]/g, '');
  return { ...vendor, phone, email: `accounts@${domain}.example` };
}

export function buildSpec(
  language: InvoiceLanguage,
  random: Random,
  options: { lineCount: number; wrap: boolean },
): InvoiceSpec {
  const locale = LOCALES[language];
  const pool = random.pick(POOLS[language]);
  const currency = pool.country === 'GB' ? 'GBP' : pool.country === 'ZA' ? 'ZAR' : 'EUR';
  // A third of euro invoices mix the reduced and the standard rate (books and food beside services).
  const standard = pool.country === 'GB' ? 20 : pool.country === 'ZA' ? 15 : random.pick(locale.rates);
  const rates = currency === 'EUR' && random.chance(0.33) ? [...locale.rates] : [standard];
  const invoiceDate = addDays('2024-01-01', random.int(0, 700));
  const itemLines = lines(pool, random, options.lineCount, options.wrap, rates);
  const subtotalMinor = itemLines.reduce((sum, l) => sum + l.amountMinor, 0);
  const labels = pickLabels(locale, random);
  const taxes = taxLines(itemLines, rates, labels.tax, locale);
  const taxMinor = taxes.reduce((sum, t) => sum + t.amountMinor, 0);
  const style = random.pick(locale.dates);
  const formatDate = (iso: string): string =>
    style(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  const days = random.pick([7, 14, 30]);
  const dueDate = addDays(invoiceDate, days);
  // One invoice in five states terms instead of a date; the due date is then the invoice date + terms.
  const due: [string, string] = random.chance(0.2)
    ? [labels.terms, random.pick(locale.termsText)(days)]
    : [labels.due, formatDate(dueDate)];
  const number = invoiceNumber(invoiceDate, random);
  const vendor = vendorParty(pool, random);
  const customer = party(pool, pool.customers, random);
  return {
    locale,
    labels,
    currency,
    vendor,
    customer,
    number,
    invoiceDate,
    dueDate,
    formatDate,
    due,
    lines: itemLines,
    subtotalMinor,
    taxes,
    taxMinor,
    totalMinor: subtotalMinor + taxMinor,
    iban: ibanFor(pool.country, random),
    reference: random.chance(0.5) ? number : `KD-${random.int(10000, 99999)}`,
  };
}
