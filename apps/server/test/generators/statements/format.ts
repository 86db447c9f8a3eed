/** How the generator prints dates and amounts; each layout picks one style of each. */

export type DateStyle =
  | 'DD/MM/YYYY'
  | 'MM/DD/YYYY'
  | 'DD.MM.YYYY'
  | 'YYYY-MM-DD'
  | 'D Mon YY'
  | 'DD Mon YYYY'
  | 'D Month YYYY'
  | 'Mon D, YYYY'
  | 'MM DD'
  | 'DD Mon'
  | 'DD-MON-YYYY';

const MONTHS = [
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

export function formatDate(iso: string, style: DateStyle): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  const month = MONTHS[Number(m) - 1] ?? '';
  const mon = month.slice(0, 3);
  const day = String(Number(d));
  switch (style) {
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'MM/DD/YYYY':
      return `${m}/${d}/${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
    case 'YYYY-MM-DD':
      return iso;
    case 'D Mon YY':
      return `${day} ${mon} ${y.slice(2)}`;
    case 'DD Mon YYYY':
      return `${d} ${mon} ${y}`;
    case 'D Month YYYY':
      return `${day} ${month} ${y}`;
    case 'Mon D, YYYY':
      return `${mon} ${day}, ${y}`;
    case 'MM DD':
      return `${m} ${d}`;
    case 'DD Mon':
      return `${d} ${mon}`;
    case 'DD-MON-YYYY':
      return `${d}-${mon.toUpperCase()}-${y}`;
  }
}

export interface AmountStyle {
  group: ',' | '.' | ' ' | "'" | '';
  decimal: '.' | ',';
  /** How a negative value prints: `-1.00`, `1.00-`, `(1.00)`, `–1.00` (en dash), `1.00 Dr`, or bare. */
  negative: 'leading' | 'trailing' | 'parentheses' | 'dash' | 'dr' | 'unsigned';
  /** Printed before the number, e.g. `R` or `€ `. */
  symbol?: string;
  /** Suffix for positive values when negatives print `Dr` (FNB prints `Cr` on credits). */
  positiveWord?: string;
}

export function formatAmount(minor: number, style: AmountStyle, decimals = 2): string {
  const magnitude = Math.abs(minor);
  const units = Math.floor(magnitude / 10 ** decimals).toString();
  const fraction = (magnitude % 10 ** decimals).toString().padStart(decimals, '0');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  const body = `${style.symbol ?? ''}${grouped}${decimals > 0 ? style.decimal + fraction : ''}`;
  if (minor >= 0) return style.positiveWord ? `${body}${style.positiveWord}` : body;
  switch (style.negative) {
    case 'leading':
      return `-${body}`;
    case 'trailing':
      return `${body}-`;
    case 'parentheses':
      return `(${body})`;
    case 'dash':
      return `\u2013${body}`;
    case 'dr':
      return `${body} Dr`;
    case 'unsigned':
      return body;
  }
}

/** Wraps text at word boundaries into lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
