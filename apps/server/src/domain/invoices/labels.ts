import type { InvoiceLanguage } from './model.js';

/**
 * Label dictionaries in the five supported languages. A label is matched on whole words after
 * normalisation (lower case, accents and dots dropped, "N°" read as "no"), and the longest phrase wins,
 * so "Total HT" is a subtotal and "Total TTC" a total, while a bare "Total" stays a total.
 */
export const LABEL_KINDS = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'paymentTerms',
  'customer',
  'vendor',
  'vendorTaxId',
  'customerTaxId',
  'customerNumber',
  'shipTo',
  'subtotal',
  'tax',
  'total',
  'amountDue',
  'prepaid',
  'genericNumber',
  'iban',
  'paymentReference',
  'currency',
  'title',
  'notInvoice',
] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export const COLUMN_KINDS = ['description', 'quantity', 'unitPrice', 'amount'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

type Dictionary<K extends string> = Record<K, Partial<Record<InvoiceLanguage, string[]>>>;

const FIELD_LABELS: Dictionary<LabelKind> = {
  invoiceNumber: {
    en: [
      'invoice',
      'invoice number',
      'invoice no',
      'invoice id',
      'invoice ref',
      'invoice #',
      'invoice nr',
      'inv no',
      'tax invoice no',
      'tax invoice number',
    ],
    de: [
      'rechnung',
      'rechnungsnummer',
      'rechnungs-nr',
      'rechnungsnr',
      'rechnung nr',
      'rechnung no',
      'rechnung #',
      'rechnungsnr',
      'rechnungs-nummer',
      'handelsrechnung',
    ],
    fr: [
      'facture',
      'numero de facture',
      'no de facture',
      'no facture',
      'facture no',
      'facture #',
      'facture numero',
    ],
    nl: ['factuur', 'factuurnummer', 'factuurnr', 'factuur nr', 'factuur no', 'factuur #'],
    af: [
      'faktuur',
      'faktuurnommer',
      'faktuurnr',
      'faktuur nr',
      'faktuur no',
      'faktuur #',
      'belastingfaktuurnommer',
    ],
  },
  invoiceDate: {
    en: ['invoice date', 'date', 'date of issue', 'issue date', 'issued', 'invoice date / tax point'],
    de: ['rechnungsdatum', 'datum', 'ausstellungsdatum', 'belegdatum'],
    fr: ['date de facture', 'date de facturation', 'date', "date d'emission"],
    nl: ['factuurdatum', 'datum'],
    af: ['faktuurdatum', 'datum'],
  },
  dueDate: {
    en: ['due date', 'payment due', 'due', 'pay by', 'payment due date', 'date due'],
    de: ['fallig am', 'falligkeitsdatum', 'zahlbar bis', 'fallig'],
    fr: ["date d'echeance", 'echeance', 'a payer avant le', 'date limite de paiement'],
    nl: ['vervaldatum', 'vervaldag', 'te betalen voor'],
    af: ['vervaldatum', 'betaalbaar teen', 'betaaldatum'],
  },
  paymentTerms: {
    en: ['payment terms', 'terms', 'terms of payment'],
    de: ['zahlungsziel', 'zahlungsbedingungen'],
    fr: ['conditions de paiement', 'modalites de paiement', 'delai de paiement'],
    nl: ['betalingstermijn', 'betalingsvoorwaarden', 'betaaltermijn'],
    af: ['betaalterme', 'betalingsterme'],
  },
  customer: {
    en: ['bill to', 'billed to', 'invoice to', 'customer', 'client', 'to', 'sold to', 'buyer', 'invoiced to'],
    de: [
      'rechnungsempfanger',
      'kunde',
      'an',
      'rechnung an',
      'kaufer',
      'leistungsempfanger',
      'kaufer/leistungsempfanger',
      'rechnungsadresse',
    ],
    fr: [
      'facture a',
      'client',
      'destinataire',
      'factureee a',
      'adresse du client',
      'adresse client',
      'acheteur',
    ],
    nl: ['factureren aan', 'gefactureerd aan', 'klant', 'aan'],
    af: ['faktureer aan', 'gefaktureer aan', 'klient', 'aan'],
  },
  vendor: {
    en: ['from', 'seller', 'supplier', 'vendor', 'seller trade name', 'seller name', 'supplier name'],
    de: ['von', 'verkaufer', 'lieferant', 'rechnungssteller'],
    fr: ['de', 'vendeur', 'fournisseur', 'emetteur'],
    nl: ['van', 'leverancier', 'verkoper'],
    af: ['van', 'verskaffer', 'verkoper'],
  },
  vendorTaxId: {
    en: [
      'vat',
      'vat no',
      'vat number',
      'vat reg no',
      'vat registration number',
      'vat id',
      'tax id',
      'tax number',
      'vat reg',
      'vat registration no',
      'vat registration',
      'vat reg number',
      'vat-id',
      'vat id no',
      'vat identification number',
      'company vat',
      'siren',
      'siret',
      'siren / siret',
      'siren/siret',
    ],
    de: [
      'ust-idnr',
      'ust-id',
      'ust-id-nr',
      'ustidnr',
      'umsatzsteuer-id',
      'steuernummer',
      'st-nr',
      'ust-identnr',
      'umsatzsteuer-identifikationsnummer',
    ],
    fr: [
      'no tva',
      'tva intracommunautaire',
      'numero de tva',
      'no de tva',
      'tva intracom',
      'tva',
      'siren',
      'siret',
      'no siren',
      'no siret',
      'siren / siret',
    ],
    nl: [
      'btw',
      'btw-nummer',
      'btw nr',
      'btw-nr',
      'btw nummer',
      'btw-id',
      'btw-identificatienummer',
      'btw no',
    ],
    af: [
      'btw',
      'btw-nommer',
      'btw nr',
      'btw-nr',
      'btw-registrasienommer',
      'btw reg nr',
      'btw no',
      'btw nommer',
    ],
  },
  customerTaxId: {
    en: [
      'your vat id',
      'your vat no',
      'your vat number',
      'customer vat id',
      'customer vat no',
      'customer vat number',
      'buyer vat id',
      'client vat',
    ],
    de: ['ihre ust-idnr', 'ihre ust-id', 'ihre ust-id-nr', 'kunden-ust-idnr'],
    fr: ['votre no tva', 'no tva client', 'tva client', 'votre numero de tva'],
    nl: ['uw btw-nummer', 'btw-nummer klant', 'uw btw nummer'],
    af: ['u btw-nommer', 'klient btw-nommer'],
  },
  customerNumber: {
    en: ['customer no', 'customer number', 'customer id', 'customer #', 'account no', 'account number'],
    de: ['kundennummer', 'kunden-nr', 'kundennr', 'kd-nr', 'kunden nr', 'ihre kundennummer'],
    fr: ['no de client', 'no client', 'code client', 'numero client', 'reference client'],
    nl: ['klantnummer', 'klantnr', 'klant nr'],
    af: ['klientnommer', 'kliëntnommer', 'rekeningnommer'],
  },
  shipTo: {
    en: ['ship to', 'deliver to', 'delivery address', 'shipping address'],
    de: ['lieferadresse', 'lieferanschrift', 'liefern an'],
    fr: ['livraison', 'adresse de livraison', 'livre a'],
    nl: ['afleveradres', 'leveradres'],
    af: ['afleweringsadres'],
  },
  subtotal: {
    en: [
      'subtotal',
      'sub-total',
      'sub total',
      'net amount',
      'total excl vat',
      'total excluding vat',
      'net total',
      'total net',
      'total excl tax',
      'total before tax',
      'taxable amount',
      'amount excl vat',
    ],
    de: [
      'zwischensumme',
      'nettobetrag',
      'summe netto',
      'netto',
      'gesamt netto',
      'nettosumme',
      'rechnungssumme ohne ust',
      'summe ohne ust',
      'gesamtbetrag netto',
      'nettogesamtbetrag',
    ],
    fr: ['sous-total', 'sous total', 'total ht', 'montant ht', 'total hors taxes'],
    nl: ['subtotaal', 'totaal excl btw', 'totaal exclusief btw', 'netto bedrag', 'bedrag excl btw'],
    af: ['subtotaal', 'totaal voor btw', 'totaal uitgesluit btw', 'bedrag voor btw'],
  },
  tax: {
    en: [
      'vat',
      'tax',
      'sales tax',
      'gst',
      'vat amount',
      'total vat',
      'tax amount',
      'tax total',
      'total tax',
      'vat total',
      'total sales tax',
    ],
    de: [
      'mwst',
      'ust',
      'umsatzsteuer',
      'mehrwertsteuer',
      'zzgl mwst',
      'zzgl ust',
      'zzgl umsatzsteuer',
      'ust gesamt',
      'mwst gesamt',
      'steuerbetrag',
      'umsatzsteuerbetrag',
      'mwst-betrag',
    ],
    fr: ['tva', 'montant tva', 'total tva', 'montant de la tva'],
    nl: ['btw', 'btw-bedrag', 'totaal btw'],
    af: ['btw', 'btw-bedrag', 'belasting'],
  },
  total: {
    en: [
      'total',
      'total amount',
      'grand total',
      'invoice total',
      'gross total',
      'total gross',
      'total incl vat',
      'total including vat',
      'invoice amount',
    ],
    de: [
      'gesamtbetrag',
      'gesamtsumme',
      'rechnungsbetrag',
      'summe brutto',
      'bruttobetrag',
      'endbetrag',
      'bruttosumme',
      'gesamt brutto',
      'gesamtbetrag brutto',
      'rechnungssumme',
      'summe',
    ],
    fr: ['total ttc', 'montant ttc', 'total', 'montant total', 'montant total ttc'],
    nl: ['totaal', 'totaal incl btw', 'totaalbedrag', 'totaal inclusief btw', 'factuurbedrag'],
    af: ['totaal', 'totaal ingesluit btw', 'totaal insluitend btw'],
  },
  amountDue: {
    en: [
      'amount due',
      'balance due',
      'total due',
      'amount to pay',
      'amount payable',
      'total payable',
      'total amount due',
      'balance',
      'please pay',
    ],
    de: ['zahlbetrag', 'zu zahlen', 'zu zahlender betrag', 'offener betrag', 'restbetrag', 'noch zu zahlen'],
    fr: ['net a payer', 'total a payer', 'reste a payer', 'montant a payer', 'montant du'],
    nl: ['te betalen', 'totaal te betalen', 'openstaand bedrag', 'nog te betalen'],
    af: ['totaal verskuldig', 'bedrag verskuldig', 'balans verskuldig'],
  },
  prepaid: {
    en: ['already paid', 'prepaid', 'amount paid', 'deposit', 'prepayment', 'less deposit'],
    de: [
      'anzahlung',
      'erhaltene anzahlungen',
      'erhaltene anzahlung',
      'bereits gezahlt',
      'bereits bezahlt',
      'geleistete anzahlung',
      'abzuglich anzahlung',
    ],
    fr: ['acompte', 'acomptes', 'deja paye', 'deja regle'],
    nl: ['aanbetaling', 'reeds betaald', 'vooruitbetaling'],
    af: ['deposito', 'reeds betaal'],
  },
  genericNumber: {
    en: ['no', 'nr', 'number', '#'],
    de: ['nr', 'nummer'],
    fr: ['no', 'numero'],
    nl: ['nr', 'nummer'],
    af: ['nr', 'nommer'],
  },
  iban: { en: ['iban'], de: ['iban'], fr: ['iban'], nl: ['iban'], af: ['iban'] },
  paymentReference: {
    en: ['payment reference', 'reference', 'payment ref', 'ref'],
    de: ['verwendungszweck', 'zahlungsreferenz', 'referenz'],
    fr: ['reference de paiement', 'reference', 'communication'],
    nl: ['betalingskenmerk', 'kenmerk', 'betalingsreferentie', 'referentie'],
    af: ['betalingsverwysing', 'verwysing'],
  },
  currency: { en: ['currency'], de: ['wahrung'], fr: ['devise'], nl: ['valuta'], af: ['geldeenheid'] },
  title: {
    en: ['invoice', 'tax invoice', 'vat invoice', 'commercial invoice'],
    de: ['rechnung', 'handelsrechnung'],
    fr: ['facture'],
    nl: ['factuur'],
    af: ['faktuur', 'belastingfaktuur'],
  },
  notInvoice: {
    en: [
      'statement',
      'bank statement',
      'account statement',
      'opening balance',
      'closing balance',
      'quotation',
      'quote',
    ],
    de: ['kontoauszug', 'anfangssaldo', 'endsaldo', 'angebot', 'kostenvoranschlag'],
    fr: ['releve de compte', 'releve bancaire', 'solde initial', 'solde final', 'devis'],
    nl: ['rekeningafschrift', 'beginsaldo', 'eindsaldo', 'offerte'],
    af: ['bankstaat', 'rekeningstaat', 'openingsaldo', 'sluitingsaldo', 'kwotasie'],
  },
};

const COLUMN_LABELS: Dictionary<ColumnKind> = {
  description: {
    en: ['description', 'item', 'items', 'details', 'service', 'product'],
    de: ['beschreibung', 'bezeichnung', 'leistung', 'artikel', 'artikelbezeichnung'],
    fr: ['designation', 'description', 'libelle', 'prestation'],
    nl: ['omschrijving', 'artikel', 'beschrijving'],
    af: ['beskrywing', 'item', 'diens'],
  },
  quantity: {
    en: ['qty', 'quantity', 'hours', 'hrs'],
    de: ['menge', 'anzahl', 'stk'],
    fr: ['qte', 'quantite'],
    nl: ['aantal', 'hoeveelheid'],
    af: ['hoeveelheid', 'aantal', 'hvh'],
  },
  unitPrice: {
    en: ['unit price', 'price', 'rate', 'unit cost'],
    de: ['einzelpreis', 'preis', 'e-preis', 'stuckpreis'],
    fr: ['prix unitaire', 'pu', 'prix', 'prix unitaire ht', 'pu ht'],
    nl: ['prijs', 'stukprijs', 'eenheidsprijs', 'tarief'],
    af: ['eenheidsprys', 'prys', 'tarief'],
  },
  amount: {
    en: ['amount', 'total', 'line total', 'net'],
    de: ['betrag', 'gesamt', 'gesamtpreis', 'summe'],
    fr: ['montant', 'montant ht', 'total ht', 'total'],
    nl: ['bedrag', 'totaal'],
    af: ['bedrag', 'totaal'],
  },
};

/** Splits a phrase into normalised words: "Rechnungs-Nr.:" → ["rechnungs-nr"], "N° TVA" → ["no", "tva"]. */
export function labelWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\bn[°º]/g, 'no ')
    .replace(/#/g, ' # ')
    .replace(/[’`]/g, "'")
    .split(/\s+/)
    .map((w) => w.replace(/[.:]/g, ''))
    .filter((w) => w !== '');
}

interface Phrase<K> {
  words: string[];
  kind: K;
  language: InvoiceLanguage;
}

function compile<K extends string>(dictionary: Dictionary<K>): Map<string, Phrase<K>[]> {
  const byFirstWord = new Map<string, Phrase<K>[]>();
  for (const [kind, languages] of Object.entries(dictionary) as [K, Dictionary<K>[K]][]) {
    for (const [language, phrases] of Object.entries(languages) as [InvoiceLanguage, string[]][]) {
      for (const phrase of phrases) {
        const words = labelWords(phrase);
        const first = words[0] ?? '';
        byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), { words, kind, language }]);
      }
    }
  }
  return byFirstWord;
}

const FIELDS = compile(FIELD_LABELS);
const COLUMNS = compile(COLUMN_LABELS);

export interface LabelMatch<K> {
  kinds: K[];
  languages: InvoiceLanguage[];
  /** The text after the label (and its colon), as printed: an inline value, or "" when none. */
  remainder: string;
  /** A currency the label names ("Total GBP", "Amount due (EUR)", "Total € incl. VAT"). */
  currency?: string | undefined;
}

/** Currency markers printed inside a label, after its words: "Total GBP", "Total (€)", "Amount due in EUR". */
const LABEL_CURRENCIES: Record<string, string> = {
  '€': 'EUR',
  $: 'USD',
  '£': 'GBP',
  eur: 'EUR',
  euro: 'EUR',
  usd: 'USD',
  gbp: 'GBP',
  chf: 'CHF',
  zar: 'ZAR',
  cad: 'CAD',
  aud: 'AUD',
  sek: 'SEK',
  nok: 'NOK',
  dkk: 'DKK',
  pln: 'PLN',
  czk: 'CZK',
};
const AMOUNT_KINDS = new Set<string>(['total', 'subtotal', 'tax', 'amountDue', 'prepaid']);
const TAX_WORDS = new Set([
  'vat',
  'tax',
  'taxes',
  'mwst',
  'ust',
  'btw',
  'tva',
  'gst',
  'vat)',
  'tax)',
  'mwst)',
]);
const INCLUDING = new Set(['incl', 'inkl', 'including', 'inclusive', '(incl', '(inkl', 'ttc']);
const EXCLUDING = new Set(['excl', 'exkl', 'excluding', 'exclusive', '(excl', '(exkl', 'ohne', 'hors', 'ht']);

/**
 * After an amount label, the words that only qualify it: a currency ("GBP", "(EUR)", "in €") and
 * "incl. VAT" / "excl. VAT". Returns how many words they take, the currency, and whether an "excl."
 * turns a total into a net amount.
 */
function qualifiers(words: readonly string[]): { count: number; currency?: string; excluding: boolean } {
  let count = 0;
  let currency: string | undefined;
  let excluding = false;
  const bare = (w: string | undefined): string => (w ?? '').replace(/^\(|\)$/g, '');
  for (;;) {
    const word = words[count];
    const code = LABEL_CURRENCIES[bare(word)];
    if (code && !currency) {
      currency = code;
      count += 1;
    } else if (word === 'in' && LABEL_CURRENCIES[bare(words[count + 1])] && !currency) {
      currency = LABEL_CURRENCIES[bare(words[count + 1])];
      count += 2;
    } else if (
      (INCLUDING.has(word ?? '') || EXCLUDING.has(word ?? '')) &&
      TAX_WORDS.has(words[count + 1] ?? '')
    ) {
      excluding ||= EXCLUDING.has(word ?? '');
      count += 2;
    } else return { count, currency, excluding };
  }
}

/** "19% VAT", "7 % USt.": a rate printed before the label; the rate itself is read by the tax reader. */
const LEADING_RATE = /^\d{1,2}(?:[.,]\d{1,2})?\s*%\s+(?=\p{L})/u;

function match<K extends string>(
  printed: string,
  phrases: Map<string, Phrase<K>[]>,
): LabelMatch<K> | undefined {
  const text = printed.replace(LEADING_RATE, '');
  const words = labelWords(text);
  const candidates = (phrases.get(words[0] ?? '') ?? []).filter((p) =>
    p.words.every((w, i) => words[i] === w),
  );
  const longest = Math.max(0, ...candidates.map((p) => p.words.length));
  if (longest === 0) return undefined;
  const best = candidates.filter((p) => p.words.length === longest);
  let kinds = [...new Set(best.map((p) => p.kind))];
  const extra = kinds.some((k) => AMOUNT_KINDS.has(k))
    ? qualifiers(words.slice(longest))
    : { count: 0, excluding: false };
  if (extra.excluding && kinds.includes('total' as K)) kinds = ['subtotal' as K];
  return {
    kinds,
    languages: [...new Set(best.map((p) => p.language))],
    remainder: remainderAfter(text, longest + extra.count),
    currency: extra.currency,
  };
}

/** The printed text after the first `count` label words, without the separating colon. */
function remainderAfter(text: string, count: number): string {
  let rest = text
    .replace(/\bN[°º]/g, 'No ')
    .replace(/#/g, ' # ')
    .trim();
  // Punctuation standing alone (":" in "Date : 12/03") is no label word, so it does not count.
  for (let left = count; left > 0 && rest !== '';) {
    const token = /^\S+/.exec(rest)?.[0] ?? '';
    if (labelWords(token).length > 0) left -= 1;
    rest = rest.slice(token.length).trimStart();
  }
  return rest.replace(/^[:\-–]\s*/, '').trim();
}

export const matchFieldLabel = (text: string): LabelMatch<LabelKind> | undefined => match(text, FIELDS);

/** A column header matches only as a whole cell: "Amount" is a header, "Amount due" is not. */
export function matchColumnLabel(text: string): ColumnKind | undefined {
  const found = match(text, COLUMNS);
  return found && found.remainder === '' ? found.kinds[0] : undefined;
}
