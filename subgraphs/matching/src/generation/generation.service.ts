import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type AuthContext } from '@hiregraph/libs/auth/guards';
import { generateWithoutInventedClaims, resumeFactsFromText } from '@hiregraph/libs/ai/claims';
import { recordLlmUsage } from '@hiregraph/libs/ai/llm-usage';
import { badUserInput } from '@hiregraph/libs/errors';
import { extractSkillIds, getSkill } from '@hiregraph/libs/skills/taxonomy';
import type { SubgraphRuntime } from '@hiregraph/libs/subgraph/service';
import {
  llmOf,
  loadResumeContext,
  loadTargetContext,
  type ResumeContext,
  type TargetContext,
} from './generation.context.js';
import { CoverLetterTone, type CoverLetter, type GenerationTarget } from './generation.inputs.js';

const coverLetterSchema = z.object({ text: z.string().min(1).max(6000) });

const OPENINGS: Record<CoverLetterTone, string> = {
  PROFESSIONAL: 'I am writing to apply for the {title} position{at}.',
  FRIENDLY: "I'd love to join{team} as {article} {title}.",
  CONFIDENT: 'I am the {title} you are looking for{at}.',
};
const CLOSINGS: Record<CoverLetterTone, string> = {
  PROFESSIONAL: 'Thank you for considering my application. I look forward to hearing from you.',
  FRIENDLY: "Thanks for reading. I'd be glad to talk about how I can help.",
  CONFIDENT: 'I am ready to contribute from day one and would welcome a conversation.',
};

/** The most recent "### Position · Company" heading of the resume's experience. */
function latestPosition(markdown: string): { title?: string; company?: string } {
  const experience = markdown.split(/^## /m).find((section) => section.startsWith('Experience'));
  const heading = experience?.match(/^### (.+)$/m)?.[1];
  if (!heading) return {};
  const [title, company] = heading.split(' · ');
  return { title, company };
}

/** Skills the target asks for that the resume shows, in the target's order. */
export function sharedSkills(resume: ResumeContext, target: TargetContext): string[] {
  const shown = new Set(extractSkillIds(resume.markdown));
  const asked = extractSkillIds([...target.requiredSkills, ...target.preferredSkills].join(', '));
  return asked.filter((id) => shown.has(id)).map((id) => getSkill(id)?.name ?? id);
}

/** The local provider's letter: only facts read from the resume, phrased by tone. */
export function templateCoverLetter(
  resume: ResumeContext,
  target: TargetContext,
  tone: CoverLetterTone,
): string {
  const fill = (template: string) =>
    template
      .replace('{title}', target.title)
      .replace('{article}', /^[aeiou]/i.test(target.title) ? 'an' : 'a')
      .replace('{at}', target.company ? ` at ${target.company}` : '')
      .replace('{team}', target.company ? ` ${target.company}` : ' your team');
  const latest = latestPosition(resume.markdown);
  const skills = sharedSkills(resume, target);
  const paragraphs = [
    target.company ? `Dear ${target.company} hiring team,` : 'Dear hiring team,',
    fill(OPENINGS[tone]),
  ];
  if (latest.title) {
    paragraphs.push(
      `Most recently I have worked as ${latest.title}${latest.company ? ` at ${latest.company}` : ''}.`,
    );
  }
  if (skills.length > 0) {
    paragraphs.push(`My resume shows the experience you ask for with ${skills.slice(0, 6).join(', ')}.`);
  }
  paragraphs.push(CLOSINGS[tone]);
  return paragraphs.join('\n\n');
}

export class GenerationService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
  ) {}

  /**
   * A cover letter for the viewer's resume and a target. The prompt carries the resume's visible
   * markdown (contacts and salary redacted) and the target's title, company, skills and description
   * excerpt, nothing else; the draft is checked against the resume's facts.
   */
  async generateCoverLetter(
    ctx: AuthContext,
    resumeId: string,
    target: GenerationTarget,
    tone: CoverLetterTone,
    language: string,
  ): Promise<CoverLetter> {
    if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(language)) {
      throw badUserInput('language must be a language code such as "en" or "de"', { field: 'language' });
    }
    const resume = await loadResumeContext(ctx, this.em, resumeId);
    const targetContext = await loadTargetContext(this.em, target, resume.ownerId);
    // TODO(limits): `await limits.consume(viewer, 'cover_letter')` once libs/src/ai/limits.ts is merged.
    const provider = llmOf(this.runtime);
    const result = await generateWithoutInventedClaims({
      provider,
      request: {
        task: 'cover_letter',
        system: [
          `You write cover letters in the language "${language}", tone ${tone.toLowerCase()}.`,
          'Use only facts from the resume: never claim a skill, employer, title, degree or date it does not show.',
          'No contact details, no salary. Answer JSON {"text": "..."}; paragraphs separated by blank lines.',
        ].join(' '),
        user: [
          `# Target: ${targetContext.title}${targetContext.company ? ` at ${targetContext.company}` : ''}`,
          `Required skills: ${targetContext.requiredSkills.join(', ') || '—'}`,
          `Preferred skills: ${targetContext.preferredSkills.join(', ') || '—'}`,
          targetContext.description,
          '',
          '# Resume',
          resume.markdown,
        ].join('\n'),
        schema: coverLetterSchema,
        schemaName: 'cover_letter',
        maxTokens: 1200,
        temperature: 0.4,
      },
      fallback: () => ({ text: templateCoverLetter(resume, targetContext, tone) }),
      facts: resumeFactsFromText(resume.markdown),
      allowances: { names: [targetContext.company, targetContext.title], years: [new Date().getFullYear()] },
      textsOf: (value) => [value.text],
      withTexts: (value, [text]) => ({ ...value, text }),
    });
    await recordLlmUsage(this.runtime.redis, requireViewer(ctx).id, 'cover_letter', result.usage);
    return {
      text: result.value.text,
      usage: { ...result.usage, provider: result.provider },
      claimsRemoved: result.claimsRemoved,
    };
  }
}
