import { describe, expect, it } from 'vitest';
import { previousPeriod } from './index.js';

describe('previousPeriod', () => {
  it('is the previous calendar month, across a year and a leap February', () => {
    expect(previousPeriod('monthly', new Date('2024-03-01T01:00:00Z'))).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(previousPeriod('monthly', new Date('2025-01-15T23:59:59Z'))).toEqual({
      from: '2024-12-01',
      to: '2024-12-31',
    });
  });

  it('is the previous Monday-to-Sunday week, whatever day it runs', () => {
    // 2024-03-04 is a Monday, 2024-03-10 a Sunday.
    const week = { from: '2024-02-26', to: '2024-03-03' };
    expect(previousPeriod('weekly', new Date('2024-03-04T01:00:00Z'))).toEqual(week);
    expect(previousPeriod('weekly', new Date('2024-03-10T22:00:00Z'))).toEqual(week);
  });

  it('is yesterday for a daily schedule', () => {
    expect(previousPeriod('daily', new Date('2024-03-01T01:00:00Z'))).toEqual({
      from: '2024-02-29',
      to: '2024-02-29',
    });
  });
});
