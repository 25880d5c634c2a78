import { parseSalary, toYearlyUsd, USD_PER_UNIT, type PayPeriod } from './salary.js';

type Expected = { min: number | null; max: number | null; currency: string | null; period: PayPeriod };

// Real-world strings as they appear on job boards and career pages.
const cases: [string, Expected][] = [
  ['$3.5k–$4.9k/mo', { min: 3500, max: 4900, currency: 'USD', period: 'MONTH' }],
  ['175000-215000 USD', { min: 175000, max: 215000, currency: 'USD', period: 'YEAR' }],
  ['€60k', { min: 60000, max: 60000, currency: 'EUR', period: 'YEAR' }],
  ['up to 90k', { min: null, max: 90000, currency: null, period: 'YEAR' }],
  ['£45,000 - £55,000 per annum', { min: 45000, max: 55000, currency: 'GBP', period: 'YEAR' }],
  ['$50/hr', { min: 50, max: 50, currency: 'USD', period: 'HOUR' }],
  ['USD 120K-150K', { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' }],
  ['80.000 € brutto/Jahr', { min: 80000, max: 80000, currency: 'EUR', period: 'YEAR' }],
  ['₹12 LPA', { min: 1200000, max: 1200000, currency: 'INR', period: 'YEAR' }],
  ["CHF 110'000", { min: 110000, max: 110000, currency: 'CHF', period: 'YEAR' }],
  ['$100,000+', { min: 100000, max: null, currency: 'USD', period: 'YEAR' }],
  ['from 70k', { min: 70000, max: null, currency: null, period: 'YEAR' }],
  ['60-80k EUR', { min: 60000, max: 80000, currency: 'EUR', period: 'YEAR' }],
  ['$25 - $30 an hour', { min: 25, max: 30, currency: 'USD', period: 'HOUR' }],
  ['120-150k', { min: 120000, max: 150000, currency: null, period: 'YEAR' }],
  ['$1.2M', { min: 1200000, max: 1200000, currency: 'USD', period: 'YEAR' }],
  ['£550 per day outside IR35', { min: 550, max: 550, currency: 'GBP', period: 'DAY' }],
  ['$22.50 per hour', { min: 22.5, max: 22.5, currency: 'USD', period: 'HOUR' }],
  ['CA$95,000 – CA$110,000 a year', { min: 95000, max: 110000, currency: 'CAD', period: 'YEAR' }],
  ['A$140k + super', { min: 140000, max: 140000, currency: 'AUD', period: 'YEAR' }],
  ['65.000 - 75.000 EUR p.a.', { min: 65000, max: 75000, currency: 'EUR', period: 'YEAR' }],
  ['€4.500 brutto/Monat', { min: 4500, max: 4500, currency: 'EUR', period: 'MONTH' }],
  ['₹8 - 14 LPA', { min: 800000, max: 1400000, currency: 'INR', period: 'YEAR' }],
  [
    '$120,000 - $160,000 a year + equity + 401k',
    { min: 120000, max: 160000, currency: 'USD', period: 'YEAR' },
  ],
  ['55 000 – 65 000 € par an', { min: 55000, max: 65000, currency: 'EUR', period: 'YEAR' }],
  ['$2,000 weekly', { min: 2000, max: 2000, currency: 'USD', period: 'WEEK' }],
  ['PLN 18 000 - 24 000 / month (B2B)', { min: 18000, max: 24000, currency: 'PLN', period: 'MONTH' }],
  ['Salary: 45k to 55k GBP', { min: 45000, max: 55000, currency: 'GBP', period: 'YEAR' }],
  ['$40-$45/hr W2', { min: 40, max: 45, currency: 'USD', period: 'HOUR' }],
  ['Up to £70,000 DOE', { min: null, max: 70000, currency: 'GBP', period: 'YEAR' }],
  ['1,234.56 USD per month', { min: 1234.56, max: 1234.56, currency: 'USD', period: 'MONTH' }],
  ['SGD 7,000 – 9,500 monthly', { min: 7000, max: 9500, currency: 'SGD', period: 'MONTH' }],
  ['¥6,000,000 / year', { min: 6000000, max: 6000000, currency: 'JPY', period: 'YEAR' }],
  ['starting at $85,000', { min: 85000, max: null, currency: 'USD', period: 'YEAR' }],
  // A year, a workload or a benefit beside the pay is not the pay.
  ['For 2025: $120k-$150k', { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' }],
  ['2026 budget: 90-110k EUR', { min: 90000, max: 110000, currency: 'EUR', period: 'YEAR' }],
  ['40 hours/week, $25/hr', { min: 25, max: 25, currency: 'USD', period: 'HOUR' }],
  ['37.5 hours per week at £18 per hour', { min: 18, max: 18, currency: 'GBP', period: 'HOUR' }],
  ['$4,000/month for 6 months', { min: 4000, max: 4000, currency: 'USD', period: 'MONTH' }],
  ['$100k + 401k match', { min: 100000, max: 100000, currency: 'USD', period: 'YEAR' }],
  ['$90k + $10k bonus', { min: 90000, max: 90000, currency: 'USD', period: 'YEAR' }],
  ['$100k+ DOE', { min: 100000, max: null, currency: 'USD', period: 'YEAR' }],
  ['2000 EUR monthly', { min: 2000, max: 2000, currency: 'EUR', period: 'MONTH' }],
  // The period beside the pay, not another period word further on.
  ['$2,480/week gross (taxable hourly + stipend)', { min: 2480, max: 2480, currency: 'USD', period: 'WEEK' }],
  ['$95,000 a year; overtime paid hourly', { min: 95000, max: 95000, currency: 'USD', period: 'YEAR' }],
  ['Grade 24: $61,212 – $74,880 annually', { min: 61212, max: 74880, currency: 'USD', period: 'YEAR' }],
];

describe('parseSalary (free text)', () => {
  it.each(cases)('%s', (text, expected) => {
    expect(parseSalary(text)).toMatchObject(expected);
  });

  it.each(['Competitive', 'DOE', 'Negotiable salary + great benefits', '', '   ', 'Competitive + 401k'])(
    'returns null for %p',
    (text) => {
      expect(parseSalary(text)).toBeNull();
    },
  );

  it('annualizes into USD with the fixed period multipliers and rate table', () => {
    expect(parseSalary('$3.5k–$4.9k/mo')!.yearlyUsd).toEqual({ min: 42000, max: 58800 });
    expect(parseSalary('$50/hr')!.yearlyUsd).toEqual({ min: 104000, max: 104000 });
    expect(parseSalary('£550 per day')!.yearlyUsd).toEqual({
      min: Math.round(550 * 260 * USD_PER_UNIT.GBP),
      max: Math.round(550 * 260 * USD_PER_UNIT.GBP),
    });
    expect(parseSalary('$2,000 weekly')!.yearlyUsd).toEqual({ min: 104000, max: 104000 });
    expect(parseSalary('₹12 LPA')!.yearlyUsd!.min).toBe(Math.round(1200000 * USD_PER_UNIT.INR));
  });

  it('leaves yearlyUsd null when the currency is unknown, unless a default currency is given', () => {
    expect(parseSalary('up to 90k')!.yearlyUsd).toBeNull();
    expect(parseSalary('up to 90k', { defaultCurrency: 'usd' })).toMatchObject({
      currency: 'USD',
      yearlyUsd: { min: null, max: 90000 },
    });
    expect(toYearlyUsd(100, 200, 'XYZ', 'YEAR')).toBeNull();
  });

  it('marks a guessed period, and guesses hourly for small amounts', () => {
    expect(parseSalary('$45')).toMatchObject({ period: 'HOUR', periodInferred: true });
    expect(parseSalary('$45/hr')).toMatchObject({ period: 'HOUR', periodInferred: false });
    expect(parseSalary('€60k')).toMatchObject({ period: 'YEAR', periodInferred: true });
  });

  it('orders a reversed range', () => {
    expect(parseSalary('$90k - $70k')).toMatchObject({ min: 70000, max: 90000 });
  });
});

describe('parseSalary (schema.org MonetaryAmount)', () => {
  it('reads a min/max QuantitativeValue with unitText', () => {
    expect(
      parseSalary({
        '@type': 'MonetaryAmount',
        currency: 'USD',
        value: { '@type': 'QuantitativeValue', minValue: 40, maxValue: 55, unitText: 'HOUR' },
      }),
    ).toMatchObject({
      min: 40,
      max: 55,
      currency: 'USD',
      period: 'HOUR',
      yearlyUsd: { min: 83200, max: 114400 },
    });
  });

  it('reads a single value given as a string, and a bare number value', () => {
    expect(parseSalary({ currency: 'EUR', value: { value: '65000', unitText: 'YEAR' } })).toMatchObject({
      min: 65000,
      max: 65000,
      currency: 'EUR',
      period: 'YEAR',
    });
    expect(parseSalary({ currency: 'GBP', value: 3000, unitText: 'MONTH' })).toMatchObject({
      min: 3000,
      max: 3000,
      period: 'MONTH',
    });
  });

  it('falls back to the text parser when value holds text', () => {
    expect(parseSalary({ currency: 'USD', value: { value: '50k-60k', unitText: 'YEAR' } })).toMatchObject({
      min: 50000,
      max: 60000,
      currency: 'USD',
    });
  });

  it('returns null for an amount without numbers, or with a negative one', () => {
    expect(parseSalary({ currency: 'USD', value: { unitText: 'YEAR' } })).toBeNull();
    expect(parseSalary({ currency: 'USD', value: { minValue: -5, maxValue: 10 } })).toBeNull();
    expect(parseSalary(null)).toBeNull();
  });
});
