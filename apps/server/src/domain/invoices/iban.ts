/**
 * IBANs (ISO 13616): two letters, two check digits, up to 30 letters and digits, printed in groups of
 * four. Valid when the number formed by moving the first four characters to the end (letters as 10–35)
 * leaves remainder 1 modulo 97. The lengths per country catch a truncated or over-read match.
 */
const LENGTHS: Record<string, number> = {
  AT: 20,
  BE: 16,
  CH: 21,
  CY: 28,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GR: 27,
  HR: 21,
  IE: 22,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  SE: 24,
  SI: 19,
  SK: 24,
  CZ: 24,
  HU: 28,
  RO: 24,
  BG: 22,
  IS: 26,
  SM: 27,
};

export const EUROZONE_IBAN_COUNTRIES = new Set([
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MC',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
  'SM',
]);

/** The remainder modulo 97 of a string of letters and digits read as ISO 7064 MOD 97-10 does. */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text.toUpperCase()) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** "DE89 3704 0044 0532 0130 00" → "DE89370400440532013000", or undefined when it is not a valid IBAN. */
export function normalizeIban(text: string): string | undefined {
  const compact = text.replace(/[\s\u00a0-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return undefined;
  const expected = LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && compact.length !== expected) return undefined;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1 ? compact : undefined;
}

/** Every valid IBAN printed in the text, in either grouped or compact form. */
export function findIbans(text: string): string[] {
  const found: string[] = [];
  for (const match of text.toUpperCase().matchAll(/\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){10,30}\b/g)) {
    // Grouped IBANs run into the next word ("... 3000 BIC"); try shorter prefixes down to 14 characters.
    let candidate = match[0];
    while (candidate.replace(/\s/g, '').length >= 14) {
      const iban = normalizeIban(candidate);
      if (iban) {
        found.push(iban);
        break;
      }
      candidate = candidate.slice(0, -1).trimEnd();
    }
  }
  return found;
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00". */
export const formatIban = (iban: string): string => iban.replace(/(.{4})(?=.)/g, '$1 ');
