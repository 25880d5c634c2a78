/**
 * What the language model is told about an analysis: the target's requirements (no salary, no
 * company), the computed requirement states and the evidence texts with contacts and salary figures
 * removed (redactForPrompt). Nothing else of the resume, and nothing of any other user.
 */
import type { PreparedJob } from '../matches/ranking.js';
import { redactForPrompt } from '@hiregraph/ai/redact';
import type { AnalysisResult } from './analysis.compute.js';

export const ANALYSIS_SYSTEM_PROMPT = [
  'You advise a job seeker on how their resume fits a job.',
  'Write a short recommendation (at most 5 sentences): what to emphasize, what is missing.',
  'Use only the requirements and resume excerpts given. Never suggest claiming a skill, employer,',
  'title, degree or date the excerpts do not show; say what to add "if you have it".',
  'Answer as JSON: {"recommendation": string}.',
].join(' ');

export function analysisPrompt(target: PreparedJob, result: AnalysisResult): string {
  const lines = [
    `Target role: ${target.profile.title}`,
    target.profile.seniority ? `Level: ${target.profile.seniority}` : null,
    target.profile.yearsMin ? `Years asked: ${target.profile.yearsMin}+` : null,
    `Score: ${result.score}/100 (${result.verdict}); key requirements met: ${result.keyMet} of ${result.keyTotal}.`,
    'Requirements:',
    ...result.matches.map(
      (match) =>
        `- ${match.requirement} (${match.key ? 'required' : 'preferred'}): ${match.status}` +
        (match.evidence ? ` — resume: "${redactForPrompt(match.evidence.text).slice(0, 400)}"` : ''),
    ),
    `Baseline advice: ${result.recommendation}`,
  ];
  return lines.filter((line): line is string => line !== null).join('\n');
}
