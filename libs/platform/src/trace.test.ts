import { newTraceparent, traceparentOf } from './trace.js';

describe('newTraceparent', () => {
  it('gives well-formed, distinct trace contexts, past the refill of its random pool', () => {
    const traceparents = Array.from({ length: 2_000 }, () => newTraceparent());
    for (const traceparent of traceparents) expect(traceparentOf(traceparent)).toBe(traceparent);
    expect(new Set(traceparents.map((traceparent) => traceparent.split('-')[1])).size).toBe(2_000);
    expect(new Set(traceparents.map((traceparent) => traceparent.split('-')[2])).size).toBe(2_000);
  });
});
