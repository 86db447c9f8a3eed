/**
 * What an e-invoice says, as plain strings straight from the XML (amounts as decimal strings with `.`,
 * dates ISO): the common ground of the CII and UBL readers, turned into an `Invoice` by `toInvoice`.
 * Business terms (BT-n) are those of EN 16931, the semantic model both syntaxes carry.
 */
export interface EInvoiceLine {
  /** BT-153 item name, with BT-154 description when it adds something. */
  description: string;
  /** BT-129 */
  quantity?: string | undefined;
  /** BT-146 net price, per BT-149 base quantity (already divided out when the base is not 1). */
  unitPrice?: string | undefined;
  /** BT-131 */
  amount: string;
  /** BT-152 */
  taxRate?: string | undefined;
}

export interface EInvoiceTax {
  /** BT-118 */
  category?: string | undefined;
  /** BT-119 */
  rate?: string | undefined;
  /** BT-116 */
  base?: string | undefined;
  /** BT-117 */
  amount: string;
}

export interface EInvoiceData {
  syntax: 'CII' | 'UBL';
  guideline?: string | undefined;
  /** BT-3: 380 invoice, 381 credit note, 384 corrected invoice, 389 self-billed, ... */
  typeCode?: string | undefined;
  number?: string | undefined;
  issueDate?: string | undefined;
  dueDate?: string | undefined;
  /** BT-20 free-text payment terms, where a due date may hide ("netto bis 15.12.2024"). */
  paymentTerms?: string | undefined;
  currency?: string | undefined;
  sellerName?: string | undefined;
  /** BT-31 VAT id, else BT-32 tax registration number. */
  sellerTaxId?: string | undefined;
  sellerAddress?: string | undefined;
  buyerName?: string | undefined;
  /** BT-84 payee IBAN, else BG-19 the debited account of a direct debit. */
  iban?: string | undefined;
  paymentReference?: string | undefined;
  lines: EInvoiceLine[];
  taxes: EInvoiceTax[];
  /** BT-106 */
  lineTotal?: string | undefined;
  /** BT-107 */
  allowanceTotal?: string | undefined;
  /** BT-108 */
  chargeTotal?: string | undefined;
  /** BT-109 */
  taxBasisTotal?: string | undefined;
  /** BT-110 */
  taxTotal?: string | undefined;
  /** BT-112 */
  grandTotal?: string | undefined;
  /** BT-113 */
  prepaid?: string | undefined;
  /** BT-115 */
  duePayable?: string | undefined;
}

/** "20241115" (format 102) or "2024-11-15" → "2024-11-15"; anything else undefined. */
export function xmlDate(text: string | undefined): string | undefined {
  const compact = text?.trim();
  const match = compact ? (/^(\d{4})-?(\d{2})-?(\d{2})$/.exec(compact) ?? undefined) : undefined;
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** White space collapsed, as a printed line would show it; undefined when empty. */
export function clean(text: string | undefined): string | undefined {
  const flat = text?.replace(/\s+/g, ' ').trim();
  return flat ? flat : undefined;
}

/** "198.00", "-5", " 9.9000 " → the same number as a plain decimal string; undefined when not a number. */
export function xmlDecimal(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && /^[+-]?\d+(?:\.\d+)?$/.test(trimmed) ? trimmed.replace(/^\+/, '') : undefined;
}
