import type { InvoiceLanguage } from '../../../src/domain/invoices/index.js';

/**
 * How each language prints an invoice: label variants (a layout picks one per seed), amount and date
 * formats, tax rates, and the currencies its invoices come in.
 */
export interface Labels {
  title: string[];
  number: string[];
  date: string[];
  due: string[];
  billTo: string[];
  from: string[];
  description: string[];
  quantity: string[];
  unitPrice: string[];
  amount: string[];
  subtotal: string[];
  /** `{rate}` is replaced by the printed rate. */
  tax: string[];
  total: string[];
  vatId: string[];
  reference: string[];
  terms: string[];
  currency: string;
  page: string;
  thanks: string;
}

export interface Locale {
  language: InvoiceLanguage;
  labels: Labels;
  rates: number[];
  currencies: string[];
  /** Decimal and grouping separators. */
  decimal: string;
  group: string;
  /** How a currency and a formatted number combine: "€ 1.234,56", "1.234,56 €", "R1 234,56". */
  money: (currency: string, number: string) => string;
  /** Payment terms in days, as printed after the terms label. */
  termsText: ((days: number) => string)[];
  /** Date styles this language uses; each takes year, month and day. */
  dates: ((y: number, m: number, d: number) => string)[];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const SYMBOL: Record<string, string> = { EUR: '€', GBP: '£', ZAR: 'R' };

export const LOCALES: Record<InvoiceLanguage, Locale> = {
  en: {
    language: 'en',
    labels: {
      title: ['INVOICE', 'TAX INVOICE', 'Invoice'],
      number: ['Invoice No.', 'Invoice #', 'Invoice Number'],
      date: ['Invoice Date', 'Date', 'Date of issue'],
      due: ['Due Date', 'Payment due', 'Due'],
      billTo: ['Bill To', 'Invoice To', 'Customer'],
      from: ['From', 'Supplier'],
      description: ['Description', 'Item', 'Details'],
      quantity: ['Qty', 'Quantity', 'Hours'],
      unitPrice: ['Unit Price', 'Rate', 'Price'],
      amount: ['Amount', 'Line Total', 'Total'],
      subtotal: ['Subtotal', 'Total excl. VAT', 'Net Total'],
      tax: ['VAT {rate}%', 'VAT ({rate}%)', 'Tax {rate}%'],
      total: ['Total', 'Amount Due', 'Total Due', 'Balance Due'],
      vatId: ['VAT No.', 'VAT Reg No', 'VAT Number'],
      reference: ['Payment Reference', 'Reference'],
      terms: ['Payment terms', 'Terms'],
      currency: 'Currency',
      page: 'Page {n} of {m}',
      thanks: 'Thank you for your business.',
    },
    termsText: [(d) => `${d} days`, (d) => `Net ${d}`],
    rates: [15, 20],
    currencies: ['ZAR', 'GBP'],
    decimal: '.',
    group: ',',
    money: (c, n) => (c === 'ZAR' ? `R ${n}` : `${SYMBOL[c] ?? c}${n}`),
    dates: [
      (y, m, d) => `${d} ${LONG_EN[m - 1]} ${y}`,
      (y, m, d) => `${y}-${pad(m)}-${pad(d)}`,
      (y, m, d) => `${pad(d)}/${pad(m)}/${y}`,
      (y, m, d) => `${d} ${(LONG_EN[m - 1] ?? '').slice(0, 3)} ${y}`,
    ],
  },
  de: {
    language: 'de',
    labels: {
      title: ['RECHNUNG', 'Rechnung'],
      number: ['Rechnungsnummer', 'Rechnungs-Nr.', 'Rechnung Nr.'],
      date: ['Rechnungsdatum', 'Datum'],
      due: ['Fällig am', 'Zahlbar bis', 'Fälligkeitsdatum'],
      billTo: ['Rechnungsempfänger', 'Kunde', 'Rechnung an'],
      from: ['Von', 'Lieferant'],
      description: ['Beschreibung', 'Bezeichnung', 'Leistung'],
      quantity: ['Menge', 'Anzahl'],
      unitPrice: ['Einzelpreis', 'Preis'],
      amount: ['Betrag', 'Gesamt', 'Gesamtpreis'],
      subtotal: ['Zwischensumme', 'Nettobetrag', 'Summe netto'],
      tax: ['MwSt. {rate} %', 'USt. {rate}%', 'zzgl. MwSt. {rate} %'],
      total: ['Gesamtbetrag', 'Rechnungsbetrag', 'Gesamtsumme'],
      vatId: ['USt-IdNr.', 'USt-ID'],
      reference: ['Verwendungszweck', 'Zahlungsreferenz'],
      terms: ['Zahlungsziel', 'Zahlungsbedingungen'],
      currency: 'Währung',
      page: 'Seite {n} von {m}',
      thanks: 'Vielen Dank für Ihren Auftrag.',
    },
    termsText: [(d) => `${d} Tage netto`, (d) => `${d} Tage`],
    rates: [19, 7],
    currencies: ['EUR'],
    decimal: ',',
    group: '.',
    money: (c, n) => `${n} ${SYMBOL[c] ?? c}`,
    dates: [(y, m, d) => `${pad(d)}.${pad(m)}.${y}`, (y, m, d) => `${d}. ${MONTHS_DE[m - 1]} ${y}`],
  },
  fr: {
    language: 'fr',
    labels: {
      title: ['FACTURE', 'Facture'],
      number: ['Facture N°', 'N° de facture', 'Numéro de facture'],
      date: ['Date de facture', 'Date'],
      due: ["Date d'échéance", 'Échéance'],
      billTo: ['Facturé à', 'Client'],
      from: ['De', 'Fournisseur'],
      description: ['Désignation', 'Description'],
      quantity: ['Qté', 'Quantité'],
      unitPrice: ['Prix unitaire', 'P.U. HT'],
      amount: ['Montant', 'Total HT', 'Montant HT'],
      subtotal: ['Total HT', 'Sous-total'],
      tax: ['TVA {rate} %', 'TVA ({rate} %)'],
      total: ['Total TTC', 'Net à payer'],
      vatId: ['N° TVA', 'TVA intracommunautaire'],
      reference: ['Référence', 'Référence de paiement'],
      terms: ['Conditions de paiement'],
      currency: 'Devise',
      page: 'Page {n} sur {m}',
      thanks: 'Merci de votre confiance.',
    },
    termsText: [(d) => `${d} jours`, (d) => `à ${d} jours`],
    rates: [20, 5.5],
    currencies: ['EUR'],
    decimal: ',',
    group: '\u00a0',
    money: (c, n) => `${n} ${SYMBOL[c] ?? c}`,
    dates: [
      (y, m, d) => `${pad(d)}/${pad(m)}/${y}`,
      (y, m, d) => `${d === 1 ? '1er' : d} ${MONTHS_FR[m - 1]} ${y}`,
    ],
  },
  nl: {
    language: 'nl',
    labels: {
      title: ['FACTUUR', 'Factuur'],
      number: ['Factuurnummer', 'Factuurnr.'],
      date: ['Factuurdatum', 'Datum'],
      due: ['Vervaldatum', 'Te betalen voor'],
      billTo: ['Factureren aan', 'Klant', 'Aan'],
      from: ['Van', 'Leverancier'],
      description: ['Omschrijving'],
      quantity: ['Aantal'],
      unitPrice: ['Prijs', 'Stukprijs'],
      amount: ['Bedrag', 'Totaal'],
      subtotal: ['Subtotaal', 'Totaal excl. btw'],
      tax: ['BTW {rate}%', 'Btw ({rate}%)'],
      total: ['Totaal', 'Te betalen', 'Totaal incl. btw'],
      vatId: ['BTW-nummer', 'Btw-nr.'],
      reference: ['Betalingskenmerk', 'Kenmerk'],
      terms: ['Betalingstermijn'],
      currency: 'Valuta',
      page: 'Pagina {n} van {m}',
      thanks: 'Bedankt voor uw opdracht.',
    },
    termsText: [(d) => `${d} dagen`],
    rates: [21, 9],
    currencies: ['EUR'],
    decimal: ',',
    group: '.',
    money: (c, n) => `${SYMBOL[c] ?? c} ${n}`,
    dates: [(y, m, d) => `${pad(d)}-${pad(m)}-${y}`, (y, m, d) => `${d} ${MONTHS_NL[m - 1]} ${y}`],
  },
  af: {
    language: 'af',
    labels: {
      title: ['FAKTUUR', 'BELASTINGFAKTUUR'],
      number: ['Faktuurnommer', 'Faktuur nr.'],
      date: ['Faktuurdatum', 'Datum'],
      due: ['Vervaldatum', 'Betaalbaar teen'],
      billTo: ['Faktureer aan', 'Kliënt'],
      from: ['Van', 'Verskaffer'],
      description: ['Beskrywing'],
      quantity: ['Hoeveelheid', 'Aantal'],
      unitPrice: ['Eenheidsprys', 'Prys'],
      amount: ['Bedrag', 'Totaal'],
      subtotal: ['Subtotaal', 'Totaal voor BTW'],
      tax: ['BTW {rate}%', 'BTW ({rate}%)'],
      total: ['Totaal', 'Totaal verskuldig', 'Bedrag verskuldig'],
      vatId: ['BTW-nommer', 'BTW-registrasienommer'],
      reference: ['Betalingsverwysing', 'Verwysing'],
      terms: ['Betaalterme'],
      currency: 'Geldeenheid',
      page: 'Bladsy {n} van {m}',
      thanks: 'Baie dankie vir u besigheid.',
    },
    termsText: [(d) => `${d} dae`],
    rates: [15],
    currencies: ['ZAR'],
    decimal: ',',
    group: ' ',
    money: (_c, n) => `R ${n}`,
    dates: [
      (y, m, d) => `${d} ${MONTHS_AF[m - 1]} ${y}`,
      (y, m, d) => `${y}-${pad(m)}-${pad(d)}`,
      (y, m, d) => `${y}/${pad(m)}/${pad(d)}`,
    ],
  },
};

const LONG_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const MONTHS_NL = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];
const MONTHS_AF = [
  'Januarie',
  'Februarie',
  'Maart',
  'April',
  'Mei',
  'Junie',
  'Julie',
  'Augustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** 123456 (minor units) → "1.234,56" in the locale's separators. */
export function formatNumber(locale: Locale, minor: number, decimals = 2): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, locale.group);
  const fraction = decimals > 0 ? `${locale.decimal}${digits.slice(-decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const formatMoney = (locale: Locale, currency: string, minor: number): string =>
  locale.money(currency, formatNumber(locale, minor));

/** 1.5 → "1,5"; 3 → "3". */
export const formatQuantity = (locale: Locale, quantity: number): string =>
  String(quantity).replace('.', locale.decimal);

export const formatRate = (locale: Locale, rate: number): string => String(rate).replace('.', locale.decimal);
