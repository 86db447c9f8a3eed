/**
 * Seeded, deterministic statement contents (the known answer): an account, a period and transactions
 * with running balances, before any layout decides how they look on paper.
 */

import { seeded } from '../random.js';
export interface ScenarioTransaction {
  date: string;
  description: string;
  /** Signed from the holder's point of view: money in positive. */
  amountMinor: number;
  /** The printed balance after the row (money held, or money owed for a liability). */
  balanceMinor: number;
}

export interface Scenario {
  kind: 'asset' | 'liability';
  currency: string;
  periodStart: string;
  periodEnd: string;
  openingMinor: number;
  closingMinor: number;
  transactions: ScenarioTransaction[];
}

export interface ScenarioOptions {
  seed: number;
  count: number;
  kind: 'asset' | 'liability';
  currency: string;
  /** First day of the period, ISO. */
  start: string;
  /** Allow the balance of an asset account to go below zero (overdraft). */
  overdraft?: boolean;
  /** Descriptions long enough to wrap onto two or three lines. */
  longDescriptions?: boolean;
}

const MERCHANTS = [
  'WOOLWORTHS SANDTON',
  'Checkers Hyper',
  'UBER *TRIP',
  'ENGEN GARAGE N1',
  'Netflix.com',
  'PICK N PAY 0412',
  'Takealot Online',
  'DIS-CHEM PHARMACY',
  'Vodacom Prepaid',
  'City of Cape Town Rates',
  'MUGG & BEAN',
  "Nando's Rosebank",
  'Amazon Marketplace EU',
  'Shell Service Station',
];
const CREDITS = [
  'SALARY ACME (PTY) LTD',
  'Transfer from Savings',
  'REFUND Takealot',
  'Interest received',
  'Deposit cash',
];
const FEES = ['Monthly account fee', 'ATM withdrawal fee', 'Debit order fee', 'SMS notification fee'];
const DETAILS = [
  'Card 4521 purchase authorised on the merchant terminal',
  'Reference INV-20931 payment for services rendered',
  'Debit order contract 77812 monthly premium',
  'Foreign transaction incl. conversion fee',
];

const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10);

export function makeScenario(options: ScenarioOptions): Scenario {
  const random = seeded(options.seed).next;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // About three transactions a day, within one year so yearless dates stay unambiguous.
  const days = Math.min(360, Math.max(27, Math.ceil(options.count / 3)));
  const periodEnd = addDays(options.start, days);
  const offsets = Array.from({ length: options.count }, () => Math.floor(random() * (days + 1))).sort(
    (a, b) => a - b,
  );
  const effect = options.kind === 'asset' ? 1 : -1;
  const openingMinor = Math.round(random() * 2_000_000) + (options.overdraft ? 0 : 500_000);
  let balance = openingMinor;
  const transactions = offsets.map((offset, index) => {
    const roll = random();
    const credit = roll < 0.28;
    const fee = !credit && roll < 0.38;
    // Mostly small amounts, some above 1,000 and the odd one above 1,000,000 to exercise grouping.
    const size = random();
    const magnitude =
      size < 0.7
        ? 100 + Math.floor(random() * 99_900)
        : size < 0.98
          ? 100_000 + Math.floor(random() * 2_000_000)
          : 100_000_000 + Math.floor(random() * 50_000_000);
    const amountMinor = credit ? magnitude : -magnitude;
    let description = credit ? pick(CREDITS) : fee ? pick(FEES) : pick(MERCHANTS);
    if (options.longDescriptions && index % 3 === 0) description += ` ${pick(DETAILS)}`;
    if (!options.overdraft && options.kind === 'asset' && balance + amountMinor < 0) {
      return finish(offset, -amountMinor, pick(CREDITS));
    }
    return finish(offset, amountMinor, description);
  });
  function finish(offset: number, amountMinor: number, description: string): ScenarioTransaction {
    balance += effect * amountMinor;
    return { date: addDays(options.start, offset), description, amountMinor, balanceMinor: balance };
  }
  return {
    kind: options.kind,
    currency: options.currency,
    periodStart: options.start,
    periodEnd,
    openingMinor,
    closingMinor: balance,
    transactions,
  };
}
