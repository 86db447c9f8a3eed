import { attrAt, child, children, textAt, type XmlElement } from '../../statements/exports/xml.js';
import {
  clean,
  xmlDate,
  xmlDecimal,
  type EInvoiceData,
  type EInvoiceLine,
  type EInvoiceTax,
} from './data.js';

/**
 * UN/CEFACT Cross Industry Invoice: Factur-X and ZUGFeRD 2.x (`CrossIndustryInvoice`, D16B), XRechnung in
 * its CII syntax (the same), and ZUGFeRD 1.0 (`CrossIndustryDocument`), whose elements carry the same
 * meaning under older names (`HeaderExchangedDocument`, `ApplicableSupplyChainTradeSettlement`,
 * `ApplicablePercent`, ...). Each value is looked up under its D16B name first, then its 1.0 name.
 */
const first = (node: XmlElement | undefined, ...names: string[]): XmlElement | undefined => {
  for (const name of names) {
    const found = child(node, name);
    if (found) return found;
  }
  return undefined;
};

const text = (node: XmlElement | undefined, ...path: string[]): string | undefined =>
  clean(textAt(node, ...path));

function partyTaxId(party: XmlElement | undefined): string | undefined {
  const registrations = children(party, 'SpecifiedTaxRegistration');
  const id = (scheme: string) =>
    registrations.find((r) => attrAt(r, 'schemeID', 'ID') === scheme && text(r, 'ID'));
  const chosen = id('VA') ?? id('FC') ?? registrations.find((r) => text(r, 'ID'));
  return chosen && text(chosen, 'ID')?.replace(/\s/g, '');
}

function partyAddress(party: XmlElement | undefined): string | undefined {
  const address = child(party, 'PostalTradeAddress');
  if (!address) return undefined;
  const city = [text(address, 'PostcodeCode'), text(address, 'CityName')].filter(Boolean).join(' ');
  const parts = [text(address, 'LineOne'), text(address, 'LineTwo'), text(address, 'LineThree'), city];
  return clean(parts.filter(Boolean).join(', '));
}

function unitPrice(agreement: XmlElement | undefined): string | undefined {
  const price = first(agreement, 'NetPriceProductTradePrice', 'GrossPriceProductTradePrice');
  const amount = xmlDecimal(text(price, 'ChargeAmount'));
  const base = Number(xmlDecimal(text(price, 'BasisQuantity')) ?? '1');
  if (amount === undefined || !(base > 0) || base === 1) return amount;
  return String(Number(amount) / base);
}

function line(item: XmlElement): EInvoiceLine | undefined {
  const product = child(item, 'SpecifiedTradeProduct');
  const name = text(product, 'Name');
  const detail = text(product, 'Description');
  const agreement = first(item, 'SpecifiedLineTradeAgreement', 'SpecifiedSupplyChainTradeAgreement');
  const delivery = first(item, 'SpecifiedLineTradeDelivery', 'SpecifiedSupplyChainTradeDelivery');
  const settlement = first(item, 'SpecifiedLineTradeSettlement', 'SpecifiedSupplyChainTradeSettlement');
  const sums = first(
    settlement,
    'SpecifiedTradeSettlementLineMonetarySummation',
    'SpecifiedTradeSettlementMonetarySummation',
  );
  const amount = xmlDecimal(text(sums, 'LineTotalAmount'));
  if (amount === undefined) return undefined;
  const tax = child(settlement, 'ApplicableTradeTax');
  return {
    description: [name, detail && detail !== name ? detail : undefined].filter(Boolean).join(' - '),
    quantity: xmlDecimal(text(delivery, 'BilledQuantity')),
    unitPrice: unitPrice(agreement),
    amount,
    taxRate: xmlDecimal(text(tax, 'RateApplicablePercent') ?? text(tax, 'ApplicablePercent')),
  };
}

function taxes(settlement: XmlElement | undefined): EInvoiceTax[] {
  return children(settlement, 'ApplicableTradeTax').flatMap((tax) => {
    const amount = xmlDecimal(text(tax, 'CalculatedAmount'));
    return amount === undefined
      ? []
      : [
          {
            category: text(tax, 'CategoryCode'),
            rate: xmlDecimal(text(tax, 'RateApplicablePercent') ?? text(tax, 'ApplicablePercent')),
            base: xmlDecimal(text(tax, 'BasisAmount')),
            amount,
          },
        ];
  });
}

/** The tax total in the invoice currency: CII may repeat it in the accounting currency (BT-111). */
function taxTotal(sums: XmlElement | undefined, currency: string | undefined): string | undefined {
  const all = children(sums, 'TaxTotalAmount');
  const inCurrency = all.find((t) => !t['@currencyID'] || t['@currencyID'] === currency) ?? all[0];
  return xmlDecimal(clean(inCurrency?.['#text'] as string | undefined));
}

function iban(settlement: XmlElement | undefined): string | undefined {
  const means = children(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const payee = means.map((m) => text(m, 'PayeePartyCreditorFinancialAccount', 'IBANID')).find(Boolean);
  const payer = means.map((m) => text(m, 'PayerPartyDebtorFinancialAccount', 'IBANID')).find(Boolean);
  return (payee ?? payer)?.replace(/\s/g, '').toUpperCase();
}

export function readCii(root: XmlElement): EInvoiceData {
  const context = first(root, 'ExchangedDocumentContext', 'SpecifiedExchangedDocumentContext');
  const document = first(root, 'ExchangedDocument', 'HeaderExchangedDocument');
  const transaction = first(root, 'SupplyChainTradeTransaction', 'SpecifiedSupplyChainTradeTransaction');
  const agreement = first(
    transaction,
    'ApplicableHeaderTradeAgreement',
    'ApplicableSupplyChainTradeAgreement',
  );
  const settlement = first(
    transaction,
    'ApplicableHeaderTradeSettlement',
    'ApplicableSupplyChainTradeSettlement',
  );
  const sums = first(
    settlement,
    'SpecifiedTradeSettlementHeaderMonetarySummation',
    'SpecifiedTradeSettlementMonetarySummation',
  );
  const seller = child(agreement, 'SellerTradeParty');
  const terms = children(settlement, 'SpecifiedTradePaymentTerms');
  const currency = text(settlement, 'InvoiceCurrencyCode')?.toUpperCase();
  const amount = (name: string) => xmlDecimal(text(sums, name));
  return {
    syntax: 'CII',
    guideline: text(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
    typeCode: text(document, 'TypeCode'),
    number: text(document, 'ID'),
    issueDate: xmlDate(text(document, 'IssueDateTime', 'DateTimeString')),
    dueDate: terms.map((t) => xmlDate(text(t, 'DueDateDateTime', 'DateTimeString'))).find(Boolean),
    paymentTerms: clean(
      terms
        .map((t) => text(t, 'Description'))
        .filter(Boolean)
        .join(' '),
    ),
    currency,
    sellerName: text(seller, 'Name'),
    sellerTaxId: partyTaxId(seller),
    sellerAddress: partyAddress(seller),
    buyerName: text(agreement, 'BuyerTradeParty', 'Name'),
    iban: iban(settlement),
    paymentReference: text(settlement, 'PaymentReference'),
    lines: children(transaction, 'IncludedSupplyChainTradeLineItem').flatMap((i) => line(i) ?? []),
    taxes: taxes(settlement),
    lineTotal: amount('LineTotalAmount'),
    allowanceTotal: amount('AllowanceTotalAmount'),
    chargeTotal: amount('ChargeTotalAmount'),
    taxBasisTotal: amount('TaxBasisTotalAmount'),
    taxTotal: taxTotal(sums, currency),
    grandTotal: amount('GrandTotalAmount'),
    prepaid: amount('TotalPrepaidAmount'),
    duePayable: amount('DuePayableAmount'),
  };
}
