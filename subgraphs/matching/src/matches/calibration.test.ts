import { calibratedScore, latentFit, scoreFromLatent, type CalibrationModel } from './calibration.js';

const model: CalibrationModel = {
  features: [
    { signal: 'skills', weight: 4, fill: 0.5 },
    { signal: 'title', weight: 2, fill: 0.2 },
  ],
  knots: [
    { latent: 1, score: 15 },
    { latent: 2, score: 55 },
    { latent: 3, score: 72.5 },
    { latent: 4, score: 90 },
  ],
};

describe('calibratedScore', () => {
  it('weighs the signals, filling the unknown ones', () => {
    expect(latentFit({ skills: 0.5, title: 1 }, model)).toBeCloseTo(4);
    expect(latentFit({ skills: 0.5, title: null }, model)).toBeCloseTo(2.4);
  });

  it('is linear between the knots and passes through them', () => {
    expect(scoreFromLatent(2, model.knots)).toBe(55);
    expect(scoreFromLatent(2.5, model.knots)).toBeCloseTo(63.75);
    expect(calibratedScore({ skills: 0.5, title: 1 }, model)).toBeCloseTo(90);
  });

  it('keeps the order beyond the ends without reaching 0 or 100', () => {
    const latents = [-5, -1, 0, 0.5, 4.5, 6, 10, 30];
    const scores = latents.map((latent) => scoreFromLatent(latent, model.knots));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores.at(-1)).toBeLessThanOrEqual(100);
    expect(scoreFromLatent(6, model.knots)).toBeLessThan(100);
  });
});
