/** Display helpers. Money arrives as integer minor units plus an ISO currency code; never floats in. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      // Not an ISO code Intl knows: show the number with the code beside it.
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  return format;
}

/** Digits after the decimal point for a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  return moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  const format = moneyFormat(currency);
  const text = format.format(minor / 10 ** currencyDigits(currency));
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

/** A major-units number for charts (display only; sums are done in minor units first). */
export const toMajor = (minor: number, currency: string): number => minor / 10 ** currencyDigits(currency);

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `YYYY-MM-DD` as a local calendar date (no time-zone shift). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(y, m - 1, d));
}

export function formatDateTime(timestamp: string | null | undefined): string {
  return timestamp ? dateTimeFormat.format(new Date(timestamp)) : '—';
}

export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Task types as people say them. */
export const TASK_LABELS: Record<string, string> = {
  parse_statement: 'Statement import',
  bulk_categorize: 'Bulk categorization',
  generate_report: 'Report',
  extract_invoice_metadata: 'Invoice reading',
  cleanup_expired_results: 'Clean-up',
  sleep_demo: 'Demo task',
};
export const taskLabel = (name: string) => TASK_LABELS[name] ?? name.replace(/_/g, ' ');

/** A decimal string a person typed ("-1 234,50", "12.3") → the API's decimal form, or null. */
export function parseDecimal(input: string): string | null {
  const compact = input.replace(/[\s\u00a0']/g, '');
  if (!compact) return null;
  const normalized =
    /,\d{1,3}$/.test(compact) && !compact.includes('.')
      ? compact.replace(',', '.')
      : compact.replace(/,/g, '');
  return /^-?\d{1,15}(\.\d{1,3})?$/.test(normalized) ? normalized : null;
}

/** A decimal string → integer minor units (exact: no float arithmetic). */
export function decimalToMinor(decimal: string, digits: number): number {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = decimal.replace('-', '').split('.');
  const minor = Number(whole) * 10 ** digits + Number((fraction + '000').slice(0, digits) || '0');
  return negative ? -minor : minor;
}
