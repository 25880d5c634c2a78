/**
 * Salary parsing: free text ("$3.5k–$4.9k/mo", "80.000 € brutto/Jahr", "₹12 LPA") or a schema.org
 * MonetaryAmount → numbers, an ISO 4217 currency, a pay period and, when the currency is in the
 * fixed table below, yearly USD figures for search and matching. Unparseable text → null.
 */

export type PayPeriod = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

export interface ParsedSalary {
  min: number | null;
  max: number | null;
  /** ISO 4217; null when the text names no currency and no default was given. */
  currency: string | null;
  period: PayPeriod;
  /** True when the text named no period and it was guessed from the amount's size. */
  periodInferred: boolean;
  /** Yearly amounts in USD (rounded to whole dollars); null when the currency is unknown or not in the table. */
  yearlyUsd: { min: number | null; max: number | null } | null;
}

/** schema.org MonetaryAmount as found in JSON-LD (values may arrive as strings). */
export interface MonetaryAmountLike {
  '@type'?: string;
  currency?: string;
  value?: number | string | QuantitativeValueLike | QuantitativeValueLike[];
  minValue?: number | string;
  maxValue?: number | string;
  unitText?: string;
}
interface QuantitativeValueLike {
  '@type'?: string;
  value?: number | string;
  minValue?: number | string;
  maxValue?: number | string;
  unitText?: string;
}

export interface ParseSalaryOptions {
  /** Currency to assume when the text names none (e.g. from the posting's country). */
  defaultCurrency?: string;
}

/** Working hours/days/weeks/months per year used to annualize a rate. */
export const PERIODS_PER_YEAR: Record<PayPeriod, number> = {
  HOUR: 2080,
  DAY: 260,
  WEEK: 52,
  MONTH: 12,
  YEAR: 1,
};

/**
 * USD per unit of currency. Fixed on purpose (no network, reproducible search results): approximate
 * mid-market rates as of 2025-01; revise together with USD_RATES_AS_OF and re-derive stored figures.
 */
export const USD_RATES_AS_OF = '2025-01';
export const USD_PER_UNIT: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.04,
  GBP: 1.25,
  CHF: 1.1,
  CAD: 0.7,
  AUD: 0.63,
  NZD: 0.57,
  JPY: 0.0065,
  CNY: 0.137,
  HKD: 0.128,
  SGD: 0.74,
  INR: 0.0117,
  SEK: 0.091,
  NOK: 0.089,
  DKK: 0.14,
  PLN: 0.245,
  CZK: 0.041,
  HUF: 0.0025,
  RON: 0.21,
  ILS: 0.27,
  ZAR: 0.054,
  BRL: 0.165,
  MXN: 0.049,
  AED: 0.272,
  KRW: 0.00069,
  TRY: 0.028,
  UAH: 0.024,
  PHP: 0.017,
};

// Longer symbols first so "US$" / "CA$" win over "$".
const CURRENCY_SYMBOLS: [string, string][] = [
  ['us$', 'USD'],
  ['ca$', 'CAD'],
  ['c$', 'CAD'],
  ['au$', 'AUD'],
  ['a$', 'AUD'],
  ['nz$', 'NZD'],
  ['hk$', 'HKD'],
  ['s$', 'SGD'],
  ['r$', 'BRL'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₪', 'ILS'],
  ['₩', 'KRW'],
  ['₺', 'TRY'],
  ['₴', 'UAH'],
  ['₱', 'PHP'],
  ['zł', 'PLN'],
  ['kč', 'CZK'],
];
const CURRENCY_WORDS: [RegExp, string][] = [
  [/\b(?:us\s+)?dollars?\b/, 'USD'],
  [/\beuros?\b/, 'EUR'],
  [/\b(?:pounds?|sterling)\b/, 'GBP'],
  [/\b(?:rupees?|rs\.?|inr|lpa|lakhs?|lacs?|crores?)(?=\s|\d|$|\W)/, 'INR'],
  [/\bfr\.\s/, 'CHF'],
];
// Upper-case codes anywhere; lower-case only for the common ones ("try" is a word, "usd" a currency).
const ISO_CODE = /\b([A-Z]{3}|usd|eur|gbp|chf|cad|aud|inr)\b/g;
const KNOWN_CODES = new Set([
  ...Object.keys(USD_PER_UNIT),
  'ARS',
  'CLP',
  'COP',
  'PEN',
  'NGN',
  'KES',
  'EGP',
  'VND',
]);

const PERIOD_PATTERNS: [RegExp, PayPeriod][] = [
  [
    /(?:\/\s?|\bper\s+|\ban?\s+|\bp\.?\s?)(?:h|hr|hrs|hour)\b|\bhourly\b|\bph\b|\/\s?std\b|\bstunde\b/,
    'HOUR',
  ],
  [/(?:\/\s?|\bper\s+|\ban?\s+|\bp\.?\s?)(?:d|day)\b|\bdaily\b|\bper\s+diem\b|\bday\s+rate\b|\btag\b/, 'DAY'],
  [/(?:\/\s?|\bper\s+|\ban?\s+|\bp\.?\s?)(?:w|wk|week)\b|\bweekly\b|\bwoche\b/, 'WEEK'],
  [
    /(?:\/\s?|\bper\s+|\ban?\s+)(?:m|mo|mth|month)\b|\bmonthly\b|\bp\.?m\.?(?=\s|$)|\bmonat(?:lich)?\b|\bmensuel\b/,
    'MONTH',
  ],
  [
    /(?:\/\s?|\bper\s+|\ban?\s+)(?:y|yr|year|annum)\b|\b(?:yearly|annual(?:ly)?|annum)\b|\bp\.?a\.?(?=\s|$|,)|\blpa\b|\bjahr\b|\bjährlich\b/,
    'YEAR',
  ],
];
/** Words that usually go with a yearly figure ("85.000 € brutto", "12 LPA CTC") but name no period. */
const YEARLY_HINT = /\bbrutto\b|\bctc\b/;

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  l: 1e5,
  lpa: 1e5,
  lakh: 1e5,
  lakhs: 1e5,
  lac: 1e5,
  lacs: 1e5,
  cr: 1e7,
  crore: 1e7,
  crores: 1e7,
};

// A number with optional thousands separators (',', '.', '\'', thin/no-break space, single space
// before exactly three digits) and an optional decimal part, then an optional multiplier word.
const AMOUNT =
  /(\d{1,3}(?:(?:[,.'’\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?:\s?(k|mm|mn|m|million|thousand|lpa|lakhs?|lacs?|l|crores?|cr)(?![a-z]))?/gi;
/** A currency symbol or code right before an amount ("$", "€ ", "usd "). */
const CURRENCY_BEFORE = new RegExp(
  `(?:[$€£¥₹₪₩₺₴₱]|\\b(?:${Object.keys(USD_PER_UNIT).join('|').toLowerCase()}))\\s?$`,
);
/** Workload figures: "40 hours/week", "37.5 hrs", "5 days a week", "3-6 months contract". */
const QUANTITY =
  /(?<![$€£¥₹\d.,])\b\d+(?:[.,]\d+)?(?:\s?(?:-|–|to)\s?\d+(?:[.,]\d+)?)?\s?(?:hours?|hrs?|days?|weeks?|months?|years?|yrs?|employees|people|%)(?![a-z])(?:\s?(?:\/|per|a|an)\s?(?:week|wk|day|month|year))?/g;

function isYear(amount: { value: number; multiplier: number; start: number; end: number }): boolean {
  return (
    amount.multiplier === 1 &&
    amount.end - amount.start === 4 &&
    Number.isInteger(amount.value) &&
    amount.value >= 1990 &&
    amount.value <= 2100
  );
}

const RANGE_SEPARATOR = /^\s*(?:-|–|—|−|~|to|bis|and|a|à)\s*$/i;

/** Parses free text or a schema.org MonetaryAmount; null when no amount can be read. */
export function parseSalary(
  input: string | MonetaryAmountLike | null | undefined,
  options: ParseSalaryOptions = {},
): ParsedSalary | null {
  if (input == null) return null;
  if (typeof input === 'object') return parseMonetaryAmount(input, options);
  if (typeof input !== 'string') return null;
  return parseSalaryText(input, options);
}

function parseSalaryText(raw: string, options: ParseSalaryOptions): ParsedSalary | null {
  const text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (!text || text.length > 500) return null;
  const currency = detectCurrency(text, text.toLowerCase()) ?? normalizeCurrency(options.defaultCurrency);
  // "40 hours/week" is a workload, not pay: blank it out (same length, so offsets hold) before the
  // amounts and the period are read, or it gives "$25/hr" the amount 40 and the period a week.
  const lower = text.toLowerCase().replace(QUANTITY, (match) => ' '.repeat(match.length));

  const amounts = [...lower.matchAll(AMOUNT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    value: readNumber(match[1], match[2]),
    multiplier: match[2] ? multiplierFor(match[2], currency) : 1,
    withCurrency: CURRENCY_BEFORE.test(lower.slice(Math.max(0, match.index - 4), match.index)),
  }));
  // "401k" is a retirement plan and "2025" in "For 2025: $120k" a year, not pay.
  let candidates = amounts.filter((a) => !/^401\s?k$/i.test(lower.slice(a.start, a.end)));
  const notYears = candidates.filter((a) => !(isYear(a) && !a.withCurrency));
  // "2000 EUR monthly" alone is pay after all.
  if (notYears.length > 0) candidates = notYears;
  if (candidates.length === 0) return null;
  // Text that marks its pay with a currency ("For 2025 (Q1): $120k-$150k"): the figures before the
  // first marked one are something else.
  const firstMarked = candidates.findIndex((a) => a.withCurrency);
  if (firstMarked > 0) candidates = candidates.slice(firstMarked);

  const first = candidates[0];
  let min: number | null = null;
  let max: number | null = null;
  let payEnd = first.end;
  const second = candidates[1];
  const between = second ? stripCurrencyNoise(lower.slice(first.end, second.start)) : null;
  if (second && between !== null && RANGE_SEPARATOR.test(between)) {
    // "120-150k": the suffix after the range applies to both ends when the first has none.
    const firstMultiplier =
      first.multiplier === 1 && second.multiplier > 1 && first.value <= second.value
        ? second.multiplier
        : first.multiplier;
    min = first.value * firstMultiplier;
    max = second.value * second.multiplier;
    payEnd = second.end;
    if (min > max) [min, max] = [max, min];
  } else {
    const amount = first.value * first.multiplier;
    const before = lower.slice(0, first.start);
    const after = lower.slice(first.end, first.end + 8);
    if (/(?:up\s+to|max(?:imum)?\.?|bis\s+zu|until|jusqu'à|no\s+more\s+than|≤|<)\s*\W{0,4}$/.test(before))
      max = amount;
    else if (
      // "100k+" and "100k+ DOE" are open-ended; "100k + 401k match", "100k+401k" and
      // "A$140k + super" add something to it.
      /^\+(?!\s?[0-9$€£¥₹])|^\s\+(?!\s?[a-z0-9$€£¥₹])/.test(after) ||
      /(?:from|starting\s+(?:at|from)|min(?:imum)?\.?|at\s+least|ab|dès|≥|>)\s*\W{0,4}$/.test(before)
    )
      min = amount;
    else min = max = amount;
  }
  if ((min !== null && !(min > 0)) || (max !== null && !(max > 0))) return null;

  const explicitPeriod = detectPeriod(lower, payEnd);
  const period = explicitPeriod ?? inferPeriod((max ?? min)!);
  return build(min, max, currency, period, explicitPeriod === null);
}

function parseMonetaryAmount(amount: MonetaryAmountLike, options: ParseSalaryOptions): ParsedSalary | null {
  const currency = normalizeCurrency(amount.currency) ?? normalizeCurrency(options.defaultCurrency);
  const rawValue = Array.isArray(amount.value) ? amount.value[0] : amount.value;
  const quantitative: QuantitativeValueLike =
    rawValue !== null && typeof rawValue === 'object'
      ? rawValue
      : { value: rawValue, minValue: amount.minValue, maxValue: amount.maxValue, unitText: amount.unitText };
  const exact = toNumber(quantitative.value);
  let min = toNumber(quantitative.minValue) ?? exact;
  let max = toNumber(quantitative.maxValue) ?? exact;
  if (min === null && max === null) {
    // Some sites put free text in value ("50k-60k"): fall back to the text parser.
    const text = typeof quantitative.value === 'string' ? quantitative.value : null;
    return text
      ? parseSalaryText(`${text} ${quantitative.unitText ?? ''}`, { defaultCurrency: currency ?? undefined })
      : null;
  }
  if ((min !== null && !(min > 0)) || (max !== null && !(max > 0))) return null;
  if (min !== null && max !== null && min > max) [min, max] = [max, min];
  const unit = quantitative.unitText ?? amount.unitText;
  const explicitPeriod = unit ? (detectPeriod(unit.toLowerCase()) ?? periodFromUnitText(unit)) : null;
  const period = explicitPeriod ?? inferPeriod((max ?? min)!);
  return build(min, max, currency, period, explicitPeriod === null);
}

function build(
  min: number | null,
  max: number | null,
  currency: string | null,
  period: PayPeriod,
  periodInferred: boolean,
): ParsedSalary {
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  return {
    min: round(min),
    max: round(max),
    currency,
    period,
    periodInferred,
    yearlyUsd: toYearlyUsd(min, max, currency, period),
  };
}

/** Yearly USD for an amount, or null when the currency is not in the fixed table. */
export function toYearlyUsd(
  min: number | null,
  max: number | null,
  currency: string | null,
  period: PayPeriod,
): { min: number | null; max: number | null } | null {
  const rate = currency ? USD_PER_UNIT[currency] : undefined;
  if (rate === undefined) return null;
  const convert = (n: number | null) => (n === null ? null : Math.round(n * PERIODS_PER_YEAR[period] * rate));
  return { min: convert(min), max: convert(max) };
}

function detectCurrency(text: string, lower: string): string | null {
  for (const [symbol, code] of CURRENCY_SYMBOLS) {
    if (lower.includes(symbol)) return code;
  }
  for (const match of text.matchAll(ISO_CODE)) {
    const code = match[1].toUpperCase();
    if (KNOWN_CODES.has(code)) return code;
  }
  for (const [pattern, code] of CURRENCY_WORDS) if (pattern.test(lower)) return code;
  return null;
}

function normalizeCurrency(code: string | undefined | null): string | null {
  if (!code) return null;
  const upper = code.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(upper)) return upper;
  const symbol = CURRENCY_SYMBOLS.find(([s]) => s === code.trim().toLowerCase());
  return symbol ? symbol[1] : null;
}

/**
 * The period the text names. With `payEnd` (where the pay's last amount ends), the marker nearest
 * after the pay wins, else the nearest before it: in "$2,480/week gross (taxable hourly + stipend)"
 * the pay is weekly, whatever other period words the rest of the line holds.
 */
function detectPeriod(lower: string, payEnd?: number): PayPeriod | null {
  if (payEnd === undefined) {
    for (const [pattern, period] of PERIOD_PATTERNS) if (pattern.test(lower)) return period;
    return YEARLY_HINT.test(lower) ? 'YEAR' : null;
  }
  let best: { distance: number; period: PayPeriod } | null = null;
  for (const [pattern, period] of PERIOD_PATTERNS) {
    for (const match of lower.matchAll(new RegExp(pattern.source, 'g'))) {
      const start = match.index;
      const end = start + match[0].length;
      // After the pay counts from its end; before it, by how far back it ends (a little further).
      const distance = start >= payEnd ? start - payEnd : payEnd - end + lower.length;
      if (!best || distance < best.distance) best = { distance, period };
    }
  }
  return best?.period ?? (YEARLY_HINT.test(lower) ? 'YEAR' : null);
}

function periodFromUnitText(unit: string): PayPeriod | null {
  const upper = unit.trim().toUpperCase();
  return (['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const).find((p) => upper.startsWith(p)) ?? null;
}

/** No period named: small amounts are hourly rates, mid-size monthly pay, the rest yearly. */
function inferPeriod(amount: number): PayPeriod {
  if (amount < 500) return 'HOUR';
  if (amount < 15000) return 'MONTH';
  return 'YEAR';
}

function multiplierFor(word: string, currency: string | null): number {
  const key = word.toLowerCase();
  // A bare "l"/"m" is lakh/million only where that reading is usual; "12l" outside INR is not pay.
  if (key === 'l' && currency !== 'INR') return 1;
  return MULTIPLIERS[key] ?? 1;
}

/** Reads "80.000", "45,000", "110'000", "3.5", "12,5", "1.234,56" as numbers. */
function readNumber(token: string, multiplier: string | undefined): number {
  const compact = token.replace(/[\s'’\u00a0\u202f]/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    return Number(compact.split(thousands).join('').replace(decimal, '.'));
  }
  const separator = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (!separator) return Number(compact);
  const parts = compact.split(separator);
  const isThousands = parts.length > 2 || (parts[1].length === 3 && !multiplier);
  return isThousands ? Number(parts.join('')) : Number(parts.join('.'));
}

function stripCurrencyNoise(between: string): string {
  return between.replace(/us\$|ca\$|c\$|a\$|[$€£¥₹]|\b[a-z]{3}\b(?=\s*$)|^\s*\b[a-z]{3}\b/g, (m) =>
    m === 'to' || m === 'and' || m === 'bis' ? m : '',
  );
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*\d[\d,]*(?:\.\d+)?\s*$/.test(value))
    return Number(value.replace(/,/g, ''));
  return null;
}
