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
  'subtotal',
  'tax',
  'total',
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
      'invoice number',
      'invoice no',
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
    ],
    fr: ['facture', 'numero de facture', 'no de facture', 'no facture', 'facture no', 'facture #'],
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
    en: ['bill to', 'billed to', 'invoice to', 'customer', 'client', 'to', 'sold to'],
    de: ['rechnungsempfanger', 'kunde', 'an', 'rechnung an'],
    fr: ['facture a', 'client', 'destinataire', 'factureee a'],
    nl: ['factureren aan', 'gefactureerd aan', 'klant', 'aan'],
    af: ['faktureer aan', 'gefaktureer aan', 'klient', 'aan'],
  },
  vendor: {
    en: ['from', 'seller', 'supplier', 'vendor'],
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
    ],
    de: ['ust-idnr', 'ust-id', 'ust-id-nr', 'ustidnr', 'umsatzsteuer-id', 'steuernummer', 'st-nr'],
    fr: ['no tva', 'tva intracommunautaire', 'numero de tva', 'no de tva', 'tva intracom', 'tva'],
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
  subtotal: {
    en: [
      'subtotal',
      'sub-total',
      'sub total',
      'net amount',
      'total excl vat',
      'total excluding vat',
      'net total',
    ],
    de: ['zwischensumme', 'nettobetrag', 'summe netto', 'netto', 'gesamt netto', 'nettosumme'],
    fr: ['sous-total', 'sous total', 'total ht', 'montant ht', 'total hors taxes'],
    nl: ['subtotaal', 'totaal excl btw', 'totaal exclusief btw', 'netto bedrag', 'bedrag excl btw'],
    af: ['subtotaal', 'totaal voor btw', 'totaal uitgesluit btw', 'bedrag voor btw'],
  },
  tax: {
    en: ['vat', 'tax', 'sales tax', 'gst', 'vat amount', 'total vat', 'tax amount'],
    de: ['mwst', 'ust', 'umsatzsteuer', 'mehrwertsteuer', 'zzgl mwst', 'zzgl ust', 'zzgl umsatzsteuer'],
    fr: ['tva', 'montant tva', 'total tva', 'montant de la tva'],
    nl: ['btw', 'btw-bedrag', 'totaal btw'],
    af: ['btw', 'btw-bedrag', 'belasting'],
  },
  total: {
    en: ['total', 'total due', 'amount due', 'balance due', 'total amount', 'grand total', 'invoice total'],
    de: ['gesamtbetrag', 'gesamtsumme', 'rechnungsbetrag', 'summe brutto', 'bruttobetrag', 'endbetrag'],
    fr: ['total ttc', 'montant ttc', 'total', 'net a payer', 'montant total', 'total a payer'],
    nl: ['totaal', 'totaal incl btw', 'te betalen', 'totaalbedrag', 'totaal inclusief btw'],
    af: ['totaal', 'totaal verskuldig', 'bedrag verskuldig', 'totaal ingesluit btw', 'totaal insluitend btw'],
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
    en: ['invoice', 'tax invoice', 'vat invoice'],
    de: ['rechnung'],
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
}

function match<K>(text: string, phrases: Map<string, Phrase<K>[]>): LabelMatch<K> | undefined {
  const words = labelWords(text);
  const candidates = (phrases.get(words[0] ?? '') ?? []).filter((p) =>
    p.words.every((w, i) => words[i] === w),
  );
  const longest = Math.max(0, ...candidates.map((p) => p.words.length));
  if (longest === 0) return undefined;
  const best = candidates.filter((p) => p.words.length === longest);
  return {
    kinds: [...new Set(best.map((p) => p.kind))],
    languages: [...new Set(best.map((p) => p.language))],
    remainder: remainderAfter(text, longest),
  };
}

/** The printed text after the first `count` label words, without the separating colon. */
function remainderAfter(text: string, count: number): string {
  let rest = text
    .replace(/\bN[°º]/g, 'No ')
    .replace(/#/g, ' # ')
    .trim();
  for (let i = 0; i < count; i += 1) rest = rest.replace(/^\S+\s*/, '');
  return rest.replace(/^[:\-–]\s*/, '').trim();
}

export const matchFieldLabel = (text: string): LabelMatch<LabelKind> | undefined => match(text, FIELDS);

/** A column header matches only as a whole cell: "Amount" is a header, "Amount due" is not. */
export function matchColumnLabel(text: string): ColumnKind | undefined {
  const found = match(text, COLUMNS);
  return found && found.remainder === '' ? found.kinds[0] : undefined;
}
