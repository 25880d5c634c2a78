import { date } from './posting.js';

const now = new Date('2026-12-07T15:00:00Z');

describe('date (posting dates through chrono-node)', () => {
  it.each([
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00.000Z'],
    ['May 1, 2024', '2024-05-01T00:00:00.000Z'],
    ['1 May 2024', '2024-05-01T00:00:00.000Z'],
    ['1.5.2024', '2024-05-01T00:00:00.000Z'],
    ['3 days ago', '2026-12-04T00:00:00.000Z'],
    ['Posted 2 weeks ago', '2026-11-23T00:00:00.000Z'],
    // ISO 8601 of reduced precision (JSON Resume) and basic form.
    ['2017', '2017-01-01T00:00:00.000Z'],
    ['2017-12', '2017-12-01T00:00:00.000Z'],
    ['20171229', '2017-12-29T00:00:00.000Z'],
  ])('reads %p', (text, iso) => {
    expect(date(text, now)?.toISOString()).toBe(iso);
  });

  it('reads epoch milliseconds', () => {
    expect(date(Date.UTC(2024, 4, 1), now)?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
  });

  // new Date('1') is 2001-01-01, new Date('12') 2001-12-01, new Date('0') 2000-01-01.
  it.each([
    '1',
    '12',
    '0',
    '123',
    '2017-13',
    '2017-02-30',
    'ASAP',
    'n/a',
    '',
    'x'.repeat(500),
    '1899-01-01',
    '9999-12-31',
  ])('reads no date in %p', (text) => {
    expect(date(text, now)).toBeNull();
  });
  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1e15, null, undefined, {}])('refuses %p', (value) => {
    expect(date(value, now)).toBeNull();
  });
});
