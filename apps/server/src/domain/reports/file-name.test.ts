import { describe, expect, it } from 'vitest';
import { reportFileName } from './index.js';

const q1 = { from: '2024-01-01', to: '2024-03-31' };

describe('reportFileName', () => {
  it('joins an ASCII slug of the title with the period and the extension', () => {
    expect(reportFileName('Q1 Ünternehmen/Ausgaben', q1, 'xlsx')).toBe(
      'Q1-Unternehmen-Ausgaben_2024-01-01_2024-03-31.xlsx',
    );
    expect(reportFileName('March', { from: '2024-03-01', to: '2024-03-01' }, 'csv')).toBe(
      'March_2024-03-01.csv',
    );
  });

  it('neutralizes path separators, quotes, control characters and header tricks', () => {
    const name = reportFileName("../../etc/passwd\"\r\nX-Evil: 1; =cmd|' /C calc'!A0", q1, 'csv');
    expect(name).toMatch(/^[A-Za-z0-9_-]+\.csv$/);
    expect(name).toBe('etc-passwd-X-Evil-1-cmd-C-calc-A0_2024-01-01_2024-03-31.csv');
  });

  it('falls back to "report" when nothing printable is left, and avoids Windows device names', () => {
    expect(reportFileName('日本語 ✓', null, 'xlsx')).toBe('report.xlsx');
    expect(reportFileName('', q1, 'csv')).toBe('report_2024-01-01_2024-03-31.csv');
    expect(reportFileName('CON', null, 'xlsx')).toBe('report-CON.xlsx');
    expect(reportFileName('lpt1', null, 'csv')).toBe('report-lpt1.csv');
  });

  it('caps the title so the whole name stays short', () => {
    const name = reportFileName('a'.repeat(500), q1, 'xlsx');
    expect(name.length).toBeLessThanOrEqual(110);
    expect(name.endsWith('_2024-01-01_2024-03-31.xlsx')).toBe(true);
  });
});
