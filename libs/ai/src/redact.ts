// Each pattern starts only where a token starts (the lookbehinds): otherwise a long run of digits
// or dots is tried from every position, quadratic in the text's length.
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// Profile and personal site links are contacts too.
const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;
// Without a scheme: profile sites with or without a path ("linkedin.com/in/ada"), other domains
// only with a path ("ada.dev/about"; "ASP.NET" and "Node.js" stay).
const PROFILE_LINK =
  /(?<![\w.-])(?:[\w-]+\.)*(?:linkedin\.com|xing\.com|github\.com|gitlab\.com|twitter\.com|x\.com|stackoverflow\.com|medium\.com|behance\.net|dribbble\.com)\b(?:\/[^\s)\]>,;]*)?/gi;
const PATH_LINK =
  /(?<![\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|me|co|app|ai|de|uk|fr|nl|eu|ch|at|es|it|se|tech|page|site|xyz|info|blog)\/[^\s)\]>,;]*/gi;
// A run of digits and separators; counted as a phone number only with 9+ digits, so date ranges
// ("2015-2020") and figures stay.
const PHONE_CANDIDATE = /\+?\d[\d\s().-]{7,}\d/g;
const STREET =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way)\b\.?/g;

// A figure: thousands grouped by comma, dot, space or thin space ("120,000", "85.000", "60 000"),
// or plain digits with optional decimals; then an optional k/m multiplier.
const AMOUNT = String.raw`\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`;
const CURRENCY_SIGN = String.raw`[$€£¥₹]`;
const CURRENCY_WORD = String.raw`(?:USD|EUR|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|INR|dollars?|euros?|pounds?)\b`;
const MULTIPLIER = String.raw`(?:[kKmM]|Mio\.?|T(?:sd|EUR)\.?)(?![\w])`;
const FIGURE = String.raw`(?:${CURRENCY_SIGN}\s?|${CURRENCY_WORD}\s?)?(?:${AMOUNT})(?:\s?${MULTIPLIER})?(?:\s?(?:${CURRENCY_SIGN}|${CURRENCY_WORD}))?`;
const PERIOD = String.raw`(?:\s?(?:\/|per|a|an|pro|im)\s?(?:year|yr|annum|month|mo|hour|hr|h|week|wk|day|Jahr|Monat|Stunde)\b|\s?p\.\s?a\.|\s(?:annually|yearly|monthly|hourly|brutto|netto|gross|net|jährlich|OTE)\b)`;
// One figure or a range of two, with what makes it money: a currency, a multiplier, a period.
const MONEY = new RegExp(
  String.raw`(?<![\w.,])${FIGURE}(?:\s?(?:-|–|—|to|bis|and)\s?${FIGURE})?${PERIOD}?`,
  'gi',
);
const HAS_CURRENCY = new RegExp(`${CURRENCY_SIGN}|${CURRENCY_WORD}`, 'i');
const HAS_MULTIPLIER = new RegExp(String.raw`\d\s?${MULTIPLIER}`);
const HAS_PERIOD = new RegExp(`${PERIOD}$`, 'i');
// Words after which a bare figure is pay: "Salary: 120,000 - 150,000".
const PAY_LABEL =
  /\b(?:salary|salaries|compensation|pay|wage|wages|earnings?|income|OTE|gehalt|lohn|vergütung|jahresgehalt)\b[^\d\n]{0,24}$/i;

/** Whether a figure the MONEY pattern found is pay rather than a count, a year or a version. */
function isPay(match: string, before: string): boolean {
  if (/^\d{3}\s?[kK]$/.test(match) && /^401/.test(match)) return false; // the 401k plan
  if (HAS_CURRENCY.test(match) || HAS_PERIOD.test(match)) return true;
  if (PAY_LABEL.test(before)) return true;
  // "95k": a multiplier on a figure of at least two digits ("5k run" is no salary).
  return HAS_MULTIPLIER.test(match) && /\d{2}/.test(match);
}

/**
 * Text as prompts may carry it: emails, links, phone numbers, street addresses and salary figures are
 * replaced by placeholders, whatever a resume's or posting's free text holds. Prompts need none of
 * them, and a remote model should never see them. Salaries go first: a range such as
 * "120,000 - 150,000" has the digits of a phone number.
 */
export function redactForPrompt(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(LINK, '[link]')
    .replace(PROFILE_LINK, '[link]')
    .replace(PATH_LINK, '[link]')
    .replace(MONEY, (match: string, offset: number, whole: string) =>
      isPay(match.trim(), whole.slice(Math.max(0, offset - 40), offset)) ? '[salary]' : match,
    )
    .replace(PHONE_CANDIDATE, (match) => (match.replace(/\D/g, '').length >= 9 ? '[phone]' : match))
    .replace(STREET, '[address]');
}
