import { canonicalUrl, contentFingerprint, dedupeKey, sha256, urlHash } from './dedupe.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://Jobs.Example.COM/posting/42/', 'https://jobs.example.com/posting/42'],
    ['https://jobs.example.com/posting/42#apply', 'https://jobs.example.com/posting/42'],
    [
      'https://jobs.example.com/p?utm_source=x&b=2&gclid=abc&a=1&fbclid=z&ref=home&utm_medium=mail',
      'https://jobs.example.com/p?a=1&b=2',
    ],
    ['https://jobs.example.com:443/p', 'https://jobs.example.com/p'],
    ['HTTP://example.com', 'http://example.com'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com/a/?z=1', 'https://example.com/a?z=1'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalUrl(raw)).toBe(expected);
  });

  it('refuses non-http URLs and garbage', () => {
    expect(canonicalUrl('ftp://example.com/x')).toBeNull();
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });

  it('gives one url_hash for variants of the same URL and another for a different page', () => {
    const a = urlHash('https://jobs.example.com/p?b=2&a=1&utm_campaign=x#top');
    expect(a).toBe(urlHash('https://JOBS.example.com/p/?a=1&b=2'));
    expect(a).toBe(sha256('https://jobs.example.com/p?a=1&b=2'));
    expect(a).not.toBe(urlHash('https://jobs.example.com/p?a=1&b=3'));
    expect(urlHash(null)).toBeNull();
  });
});

describe('dedupeKey', () => {
  const base = {
    source: 'acme-feed',
    title: 'Senior Engineer',
    company: 'Acme',
    location: { city: 'Berlin', countryCode: 'DE' },
    description: 'Build things.',
  };

  it('prefers the URL, then (source, externalId), then the content fingerprint', () => {
    expect(dedupeKey({ ...base, sourceUrl: 'https://a.example/j/1', externalId: '1' }).kind).toBe('url');
    const byId = dedupeKey({ ...base, externalId: ' 1 ' });
    expect(byId.kind).toBe('external_id');
    expect(byId.hash).toBe(dedupeKey({ ...base, externalId: '1', title: 'Other' }).hash);
    expect(byId.hash).not.toBe(dedupeKey({ ...base, source: 'other-feed', externalId: '1' }).hash);
    expect(dedupeKey({ ...base, sourceUrl: 'mailto:x@y.z' }).kind).toBe('content');
  });

  it('fingerprints content regardless of case, accents, punctuation and spacing', () => {
    const a = contentFingerprint({ ...base, title: 'Sénior  Engineer!', description: 'Build   things' });
    expect(a).toBe(contentFingerprint(base));
    expect(a).not.toBe(contentFingerprint({ ...base, company: 'Acme2' }));
    // Fields are separated, so moving text between fields changes the fingerprint.
    expect(contentFingerprint({ source: 's', title: 'a b', company: 'c' })).not.toBe(
      contentFingerprint({ source: 's', title: 'a', company: 'b c' }),
    );
  });
});
