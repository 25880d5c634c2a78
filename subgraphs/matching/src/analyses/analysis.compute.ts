/**
 * The local analysis: pure, no I/O. Requirements and score come from the ranking (the same
 * features, credit and evidence as matches); the caps are applied here, after anything a provider
 * may have said, so no model can lift a resume that misses the key requirements.
 */
import {
  evidenceFor,
  rankMatch,
  skillCredit,
  verdictFor,
  type PreparedJob,
  type PreparedResume,
  type Verdict,
} from '../matches/ranking.js';

export type RequirementState = 'MET' | 'PARTLY' | 'MISSING';

export interface AnalysedRequirement {
  requirement: string;
  kind: 'SKILL' | 'EXPERIENCE';
  key: boolean;
  status: RequirementState;
  evidence: { chunkId: string; text: string } | null;
}

export interface AnalysisResult {
  score: number;
  verdict: Verdict;
  matches: AnalysedRequirement[];
  recommendation: string;
  /** The score before the caps (kept for explanation and tests). */
  uncappedScore: number;
  keyMet: number;
  keyTotal: number;
}

/** Fewer than this many key requirements met caps the score at CAP_FEW; 0–1 met at CAP_NONE. */
export const KEY_REQUIREMENTS_FOR_FULL_SCORE = 3;
export const CAP_FEW = 40;
export const CAP_NONE = 20;

/** The highest score `keyMet` met key requirements allow. */
export function scoreCap(keyMet: number): number {
  if (keyMet <= 1) return CAP_NONE;
  if (keyMet < KEY_REQUIREMENTS_FOR_FULL_SCORE) return CAP_FEW;
  return 100;
}

const VERDICT_ORDER: Verdict[] = ['WEAK', 'PARTIAL', 'GOOD', 'STRONG'];
const weaker = (a: Verdict, b: Verdict) =>
  VERDICT_ORDER[Math.min(VERDICT_ORDER.indexOf(a), VERDICT_ORDER.indexOf(b))];

/**
 * Applies the caps to a score from any source and derives the verdict from the capped score (never
 * better than `ceiling`, the verdict the ranking gave: a junk posting or another profession stays WEAK).
 */
export function capResult(
  score: number,
  keyMet: number,
  requiredCoverage: number | null,
  ceiling: Verdict = 'STRONG',
): { score: number; verdict: Verdict } {
  const capped = Math.round(Math.max(0, Math.min(score, scoreCap(keyMet), 100)) * 10) / 10;
  return { score: capped, verdict: weaker(verdictFor(capped, requiredCoverage), ceiling) };
}

function skillRequirement(resume: PreparedResume, skill: string, key: boolean): AnalysedRequirement {
  const { credit, via } = skillCredit(resume, skill);
  const status: RequirementState = credit >= 0.9 ? 'MET' : credit > 0 ? 'PARTLY' : 'MISSING';
  const proof = status === 'MISSING' ? undefined : evidenceFor(resume, skill, via);
  return {
    requirement: skill,
    kind: 'SKILL',
    key,
    status,
    evidence: proof ? { chunkId: proof.chunkId, text: proof.text } : null,
  };
}

function experienceRequirement(resume: PreparedResume, yearsMin: number): AnalysedRequirement {
  const years = resume.years;
  const status: RequirementState =
    years === null ? 'MISSING' : years >= yearsMin ? 'MET' : years >= 0.6 * yearsMin ? 'PARTLY' : 'MISSING';
  // Work entries are where years show.
  const work = resume.profile.chunks.find((chunk) => /work|experience/i.test(chunk.kind));
  return {
    requirement: `${yearsMin}+ years`,
    kind: 'EXPERIENCE',
    key: true,
    status,
    evidence: status !== 'MISSING' && work ? { chunkId: work.id, text: work.text } : null,
  };
}

/** Analyses a prepared resume against a prepared target (a posting, or requirements as one). */
export function analyse(resume: PreparedResume, target: PreparedJob, semantic: number): AnalysisResult {
  const ranked = rankMatch(resume, target, { semantic });
  const matches = [
    ...target.required.map((skill) => skillRequirement(resume, skill, true)),
    ...(target.profile.yearsMin ? [experienceRequirement(resume, target.profile.yearsMin)] : []),
    ...target.preferred.map((skill) => skillRequirement(resume, skill, false)),
  ];
  const keys = matches.filter((match) => match.key);
  const keyMet = keys.filter((match) => match.status === 'MET').length;
  const { score, verdict } = capResult(
    ranked.score,
    keyMet,
    ranked.components.requiredCoverage,
    ranked.verdict,
  );
  const notes = [ranked.recommendation];
  if (score < ranked.score) {
    notes.unshift(
      `Only ${keyMet} of ${keys.length} key requirements are shown, which caps the score at ${scoreCap(keyMet)}.`,
    );
  }
  return {
    score,
    verdict,
    matches,
    recommendation: notes.join(' '),
    uncappedScore: ranked.score,
    keyMet,
    keyTotal: keys.length,
  };
}
