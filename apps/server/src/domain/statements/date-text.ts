/**
 * Date strings as statements print them → ISO `YYYY-MM-DD`.
 *
 * Forms: `DD/MM/YYYY` and `MM/DD/YYYY` (also with `-` or `.`, and two-digit years), ISO `YYYY-MM-DD`,
 * `DD Mon YY`, `D Month YYYY`, `Mon D, YYYY`, and the yearless `MM DD`, `DD/MM` and `DD Mon`. Day-month order
 * is decided once for a whole column with `decideDayMonthOrder` (a row such as `03/04` cannot decide it),
 * and a missing year comes from the statement period with `inferYear` (December rows on a statement that
 * runs into January belong to the earlier year).
 */

export const DayMonthOrder = { dayFirst: 'DMY', monthFirst: 'MDY' } as const;
export type DayMonthOrder = (typeof DayMonthOrder)[keyof typeof DayMonthOrder];

/** A date as read, before order and year are settled. `a`/`b` are the two numbers of a numeric date. */
export type DateShape =
  | { kind: 'iso'; year: number; month: number; day: number }
  | { kind: 'named'; year?: number | undefined; month: number; day: number }
  | { kind: 'numeric'; a: number; b: number; year?: number | undefined };

export interface Period {
  start: string;
  end: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  januarie: 1,
  feb: 2,
  february: 2,
  februarie: 2,
  mar: 3,
  march: 3,
  mrt: 3,
  maart: 3,
  apr: 4,
  april: 4,
  may: 5,
  mei: 5,
  jun: 6,
  june: 6,
  junie: 6,
  jul: 7,
  july: 7,
  julie: 7,
  aug: 8,
  august: 8,
  augustus: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  okt: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  des: 12,
  desember: 12,
};

const ISO = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([/.\-\s])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/;
const DAY_NAMED = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]?([A-Za-z]{3,9})\.?(?:[\s\-/.,]*(\d{4}|\d{2}))?$/;
const NAMED_DAY = /^([A-Za-z]{3,9})\.?\s(\d{1,2})(?:st|nd|rd|th)?(?:,?\s(\d{4}|\d{2}))?$/;

/** Two-digit years: 00–69 are 20xx, 70–99 are 19xx (the POSIX `strptime` pivot). */
const fullYear = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.length === 4) return value;
  return value < 70 ? 2000 + value : 1900 + value;
};

const monthNumber = (name: string): number | undefined => MONTHS[name.toLowerCase()];

/** Reads the shape of a date string, or undefined when it is not one of the forms above. */
export function readDateShape(text: string): DateShape | undefined {
  const value = text.trim();
  let match = ISO.exec(value);
  if (match) return { kind: 'iso', year: Number(match[1]), month: Number(match[3]), day: Number(match[4]) };
  match = NUMERIC.exec(value);
  if (match) {
    const shape = {
      kind: 'numeric',
      a: Number(match[1]),
      b: Number(match[3]),
      year: fullYear(match[4]),
    } as const;
    return shape.a >= 1 &&
      shape.b >= 1 &&
      Math.min(shape.a, shape.b) <= 12 &&
      Math.max(shape.a, shape.b) <= 31
      ? shape
      : undefined;
  }
  match = DAY_NAMED.exec(value);
  const dayNamedMonth = match ? monthNumber(match[2] ?? '') : undefined;
  if (match && dayNamedMonth) {
    return { kind: 'named', day: Number(match[1]), month: dayNamedMonth, year: fullYear(match[3]) };
  }
  match = NAMED_DAY.exec(value);
  const namedDayMonth = match ? monthNumber(match[1] ?? '') : undefined;
  if (match && namedDayMonth) {
    return { kind: 'named', day: Number(match[2]), month: namedDayMonth, year: fullYear(match[3]) };
  }
  return undefined;
}

/**
 * Decides day-month order from a whole column of dates: any first number above 12 proves day-first, any
 * second number above 12 proves month-first. When nothing proves it, the order under which every date
 * falls inside the statement period wins, then the order under which the column never goes backwards in
 * time, then `fallback`. Returns undefined when the column contradicts itself (both proofs present).
 */
export function decideDayMonthOrder(
  texts: Iterable<string>,
  options: { period?: Period | undefined; fallback?: DayMonthOrder } = {},
): DayMonthOrder | undefined {
  const numeric: Extract<DateShape, { kind: 'numeric' }>[] = [];
  for (const text of texts) {
    const shape = readDateShape(text);
    if (shape?.kind === 'numeric') numeric.push(shape);
  }
  const dayFirstProof = numeric.some((d) => d.a > 12);
  const monthFirstProof = numeric.some((d) => d.b > 12);
  if (dayFirstProof && monthFirstProof) return undefined;
  if (dayFirstProof) return DayMonthOrder.dayFirst;
  if (monthFirstProof) return DayMonthOrder.monthFirst;
  const orders = [DayMonthOrder.dayFirst, DayMonthOrder.monthFirst];
  const fits = (order: DayMonthOrder) => {
    const dates = numeric.map((d) => resolveDate(d, { order, period: options.period }));
    const inPeriod = options.period ? dates.every((d) => d && withinPeriod(d, options.period!, 0)) : false;
    const ordered = dates.every((d, i) => d !== undefined && (i === 0 || (dates[i - 1] ?? '') <= d));
    return { inPeriod, ordered };
  };
  const [dmy, mdy] = orders.map(fits);
  if (dmy && mdy && dmy.inPeriod !== mdy.inPeriod) {
    return dmy.inPeriod ? DayMonthOrder.dayFirst : DayMonthOrder.monthFirst;
  }
  if (dmy && mdy && dmy.ordered !== mdy.ordered) {
    return dmy.ordered ? DayMonthOrder.dayFirst : DayMonthOrder.monthFirst;
  }
  return options.fallback ?? DayMonthOrder.dayFirst;
}

/**
 * The year of a yearless `month`/`day` on a statement covering `period`: the candidate year (the
 * period's start year, end year, or one either side) that puts the date inside the period, or nearest
 * to it. A Dec 2025 – Jan 2026 statement thus puts `12 28` in 2025 and `01 03` in 2026.
 */
export function inferYear(month: number, day: number, period: Period): number {
  const startYear = Number(period.start.slice(0, 4));
  const endYear = Number(period.end.slice(0, 4));
  let best = startYear;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const year of [startYear - 1, startYear, endYear, endYear + 1]) {
    const iso = isoDate(year, month, day);
    if (!iso) continue;
    const distance = distanceToPeriod(iso, period);
    if (distance < bestDistance) {
      best = year;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Turns a shape into an ISO date, using `order` for numeric dates and `period` (or `year`) for yearless
 * ones. Undefined when the date does not exist (31 April) or its year cannot be known.
 */
export function resolveDate(
  shape: DateShape,
  options: { order?: DayMonthOrder; period?: Period | undefined; year?: number | undefined } = {},
): string | undefined {
  let month: number;
  let day: number;
  if (shape.kind === 'numeric') {
    const dayFirst = (options.order ?? DayMonthOrder.dayFirst) === DayMonthOrder.dayFirst;
    [day, month] = dayFirst ? [shape.a, shape.b] : [shape.b, shape.a];
  } else {
    ({ month, day } = shape);
  }
  if (month > 12 || day > 31) return undefined;
  const year =
    shape.year ?? (options.period ? inferYear(month, day, options.period) : undefined) ?? options.year;
  return year === undefined ? undefined : isoDate(year, month, day);
}

/** One-call form of `readDateShape` + `resolveDate`. */
export function parseDateText(
  text: string,
  options: { order?: DayMonthOrder; period?: Period | undefined; year?: number | undefined } = {},
): string | undefined {
  const shape = readDateShape(text);
  return shape ? resolveDate(shape, options) : undefined;
}

/** `YYYY-MM-DD` when the calendar has that day, else undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** Days between an ISO date and the nearest edge of the period; 0 inside it. */
function distanceToPeriod(iso: string, period: Period): number {
  if (iso < period.start) return (Date.parse(period.start) - Date.parse(iso)) / DAY_MS;
  if (iso > period.end) return (Date.parse(iso) - Date.parse(period.end)) / DAY_MS;
  return 0;
}

/** True when the date is inside the period widened by `slackDays` (statements often list a day either side). */
export function withinPeriod(iso: string, period: Period, slackDays: number): boolean {
  return distanceToPeriod(iso, period) <= slackDays;
}
