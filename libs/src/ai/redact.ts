const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// A run of digits and separators; counted as a phone number only with 9+ digits, so date ranges
// ("2015-2020") and figures stay.
const PHONE_CANDIDATE = /\+?\d[\d\s().-]{7,}\d/g;
const SALARY =
  /(?:[$€£¥]\s?\d[\d,.]*\s?[kKmM]?|\b\d[\d,.]*\s?[kK]?\s?(?:USD|EUR|GBP|CHF|dollars|euros)\b)(?:\s?(?:-|–|to)\s?[$€£¥]?\s?\d[\d,.]*\s?[kKmM]?)?(?:\s?(?:\/|per)\s?(?:year|yr|annum|month|mo|hour|hr))?/gi;
const STREET =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way)\b\.?/g;

/**
 * Text as prompts may carry it: emails, phone numbers, street addresses and salary figures are
 * replaced by placeholders, whatever a resume's or posting's free text holds. Prompts need none of
 * them, and a remote model should never see them.
 */
export function redactForPrompt(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(PHONE_CANDIDATE, (match) => (match.replace(/\D/g, '').length >= 9 ? '[phone]' : match))
    .replace(STREET, '[address]')
    .replace(SALARY, '[salary]');
}
