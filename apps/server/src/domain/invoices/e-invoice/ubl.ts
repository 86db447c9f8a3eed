import { child, children, textAt, type XmlElement } from '../../statements/exports/xml.js';
import {
  clean,
  xmlDate,
  xmlDecimal,
  type EInvoiceData,
  type EInvoiceLine,
  type EInvoiceTax,
} from './data.js';

/**
 * OASIS UBL 2.1 `Invoice` and `CreditNote`: XRechnung in its UBL syntax, Peppol BIS Billing 3.0 and
 * other EN 16931 UBL documents. Credit notes name their lines `CreditNoteLine` and the quantity
 * `CreditedQuantity`; the amounts are read as printed (positive).
 */
const text = (node: XmlElement | undefined, ...path: string[]): string | undefined =>
  clean(textAt(node, ...path));

function partyTaxId(party: XmlElement | undefined): string | undefined {
  const schemes = children(party, 'PartyTaxScheme');
  const vat = schemes.find((s) => text(s, 'TaxScheme', 'ID')?.toUpperCase() === 'VAT') ?? schemes[0];
  return (text(vat, 'CompanyID') ?? text(party, 'PartyLegalEntity', 'CompanyID'))?.replace(/\s/g, '');
}

function partyAddress(party: XmlElement | undefined): string | undefined {
  const address = child(party, 'PostalAddress');
  if (!address) return undefined;
  const city = [text(address, 'PostalZone'), text(address, 'CityName')].filter(Boolean).join(' ');
  const parts = [text(address, 'StreetName'), text(address, 'AdditionalStreetName'), city];
  return clean(parts.filter(Boolean).join(', '));
}

const partyName = (party: XmlElement | undefined): string | undefined =>
  text(party, 'PartyName', 'Name') ?? text(party, 'PartyLegalEntity', 'RegistrationName');

function line(node: XmlElement): EInvoiceLine | undefined {
  const amount = xmlDecimal(text(node, 'LineExtensionAmount'));
  if (amount === undefined) return undefined;
  const item = child(node, 'Item');
  const name = text(item, 'Name');
  const detail = text(item, 'Description');
  const price = xmlDecimal(text(node, 'Price', 'PriceAmount'));
  const base = Number(xmlDecimal(text(node, 'Price', 'BaseQuantity')) ?? '1');
  return {
    description: [name, detail && detail !== name ? detail : undefined].filter(Boolean).join(' - '),
    quantity: xmlDecimal(text(node, 'InvoicedQuantity') ?? text(node, 'CreditedQuantity')),
    unitPrice: price === undefined || !(base > 0) || base === 1 ? price : String(Number(price) / base),
    amount,
    taxRate: xmlDecimal(text(item, 'ClassifiedTaxCategory', 'Percent')),
  };
}

function taxes(root: XmlElement, currency: string | undefined): { total?: string; lines: EInvoiceTax[] } {
  // A second TaxTotal may state the tax in the accounting currency (BT-111), without subtotals.
  const totals = children(root, 'TaxTotal');
  const main =
    totals.find((t) => children(t, 'TaxSubtotal').length > 0) ??
    totals.find((t) => child(t, 'TaxAmount')?.['@currencyID'] === currency) ??
    totals[0];
  const lines = children(main, 'TaxSubtotal').flatMap((sub) => {
    const amount = xmlDecimal(text(sub, 'TaxAmount'));
    const category = child(sub, 'TaxCategory');
    return amount === undefined
      ? []
      : [
          {
            category: text(category, 'ID'),
            rate: xmlDecimal(text(category, 'Percent')),
            base: xmlDecimal(text(sub, 'TaxableAmount')),
            amount,
          },
        ];
  });
  const total = xmlDecimal(text(main, 'TaxAmount'));
  return total === undefined ? { lines } : { total, lines };
}

export function readUbl(root: XmlElement): EInvoiceData {
  const currency = text(root, 'DocumentCurrencyCode')?.toUpperCase();
  const seller = child(root, 'AccountingSupplierParty', 'Party');
  const means = children(root, 'PaymentMeans');
  const payee = means.map((m) => text(m, 'PayeeFinancialAccount', 'ID')).find(Boolean);
  const debited = means.map((m) => text(m, 'PaymentMandate', 'PayerFinancialAccount', 'ID')).find(Boolean);
  const sums = child(root, 'LegalMonetaryTotal');
  const amount = (name: string) => xmlDecimal(text(sums, name));
  const terms = clean(
    children(root, 'PaymentTerms')
      .map((t) => text(t, 'Note'))
      .filter(Boolean)
      .join(' '),
  );
  const tax = taxes(root, currency);
  const lineNodes = [...children(root, 'InvoiceLine'), ...children(root, 'CreditNoteLine')];
  return {
    syntax: 'UBL',
    guideline: text(root, 'CustomizationID'),
    typeCode: text(root, 'InvoiceTypeCode') ?? text(root, 'CreditNoteTypeCode'),
    number: text(root, 'ID'),
    issueDate: xmlDate(text(root, 'IssueDate')),
    dueDate:
      xmlDate(text(root, 'DueDate')) ?? means.map((m) => xmlDate(text(m, 'PaymentDueDate'))).find(Boolean),
    paymentTerms: terms,
    currency,
    sellerName: partyName(seller),
    sellerTaxId: partyTaxId(seller),
    sellerAddress: partyAddress(seller),
    buyerName: partyName(child(root, 'AccountingCustomerParty', 'Party')),
    iban: (payee ?? debited)?.replace(/\s/g, '').toUpperCase(),
    paymentReference: means.map((m) => text(m, 'PaymentID')).find(Boolean),
    lines: lineNodes.flatMap((n) => line(n) ?? []),
    taxes: tax.lines,
    lineTotal: amount('LineExtensionAmount'),
    allowanceTotal: amount('AllowanceTotalAmount'),
    chargeTotal: amount('ChargeTotalAmount'),
    taxBasisTotal: amount('TaxExclusiveAmount'),
    taxTotal: tax.total,
    grandTotal: amount('TaxInclusiveAmount'),
    prepaid: amount('PrepaidAmount'),
    duePayable: amount('PayableAmount'),
  };
}
