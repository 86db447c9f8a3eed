/**
 * Rule amounts are signed decimal strings ("-12.50") read in each transaction's own currency, while a
 * transaction holds integer minor units. Comparing exactly, without floats: a rule amount is parsed once
 * into thousandths (the schema allows at most 3 decimals, the largest ISO 4217 exponent), and turned into
 * integer minor-unit bounds for each currency exponent (0–3), so a predicate is one table lookup and one
 * integer comparison. "12.5" against yen (exponent 0): `gt` means ≥ 13, `equals` never matches.
 */

/** The decimal as an exact count of thousandths; undefined when the text is not a plain signed decimal. */
export function parseThousandths(text: string): bigint | undefined {
  const match = /^(-)?(\d+)(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const value = BigInt(match[2]! + (match[3] ?? '').padEnd(3, '0'));
  return match[1] ? -value : value;
}

const EXPONENTS = [0, 1, 2, 3] as const;

const floorDiv = (a: bigint, b: bigint): bigint => (a % b !== 0n && a < 0n ? a / b - 1n : a / b);
const ceilDiv = (a: bigint, b: bigint): bigint => (a % b !== 0n && a > 0n ? a / b + 1n : a / b);

/**
 * Minor-unit bounds of `thousandths`, indexed by currency exponent: the largest integer ≤ it (floor), the
 * smallest ≥ it (ceil), and the exact value or NaN when it has no exact minor-unit form.
 */
export function minorBounds(thousandths: bigint): { floor: number[]; ceil: number[]; exact: number[] } {
  const floor: number[] = [];
  const ceil: number[] = [];
  const exact: number[] = [];
  for (const exponent of EXPONENTS) {
    const scaled = thousandths * 10n ** BigInt(exponent);
    floor.push(Number(floorDiv(scaled, 1000n)));
    ceil.push(Number(ceilDiv(scaled, 1000n)));
    exact.push(scaled % 1000n === 0n ? Number(scaled / 1000n) : Number.NaN);
  }
  return { floor, ceil, exact };
}
