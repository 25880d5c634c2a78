import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, requireViewer, type AuthContext } from '@hiregraph/platform/auth/guards';
import { generateWithoutInventedClaims, resumeFactsFromText } from '@hiregraph/ai/claims';
import type { AiLimits } from '@hiregraph/ai/limits';
import type { LlmProvider } from '@hiregraph/ai/llm';
import { recordLlmUsage } from '@hiregraph/ai/llm-usage';
import { redactForPrompt } from '@hiregraph/ai/redact';
import { conflict, notFound } from '@hiregraph/platform/errors';
import type { GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import type { Redis } from '@hiregraph/platform/redis';
import { requireUuid } from '@hiregraph/platform/validation';
import { Resume, ResumeStatus } from '../resumes/resume.entity.js';
import type { ResumeService } from '../resumes/resume.service.js';
import { SnapshotService } from '../snapshots/snapshot.service.js';
import type { TailoringTarget } from '../targets/target.entity.js';
import { TargetService } from '../targets/target.service.js';
import { askedSkills, reorderForTarget, shownAskedSkills, templateSummary } from './tailor-document.js';

// Empty when there is nothing to say: a resume with neither skills nor positions keeps its summary.
const summarySchema = z.object({ summary: z.string().max(2000) });
const SNAPSHOT_PREFIX = 'Before tailoring for ';
const MAX_SNAPSHOT_NAME = 200;

/** The snapshot's name: "Before tailoring for <title>", cut to a snapshot name's length. */
export function snapshotNameFor(target: Pick<TailoringTarget, 'title'>): string {
  return `${SNAPSHOT_PREFIX}${target.title.trim() || 'a target'}`.slice(0, MAX_SNAPSHOT_NAME);
}

/** Tailoring: a new version of a resume aimed at a posting or the owner's requirements. */
export class TailoringService {
  constructor(
    private readonly em: EntityManager,
    private readonly resumes: ResumeService,
    private readonly ai: { llm: LlmProvider; limits: AiLimits; redis: Redis },
  ) {}

  /**
   * Checks who asks, the target and the AI limits; builds the tailored content outside any
   * transaction (the model may take seconds); then, in one transaction, names the current version
   * "Before tailoring for <title>" and saves the tailored content as the next version (resume.updated).
   * A resume edited meanwhile is CONFLICT, and nothing is written.
   */
  async tailor(ctx: AuthContext, resumeId: string, target: GenerationTarget): Promise<Resume> {
    const viewer = requireViewer(ctx);
    const id = requireUuid(resumeId, 'resumeId');
    const resume = await this.em.findOne(Resume, { id });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    if (resume.status === ResumeStatus.PROCESSING)
      throw conflict('This resume is still being imported; try again when it is PARSED or FAILED', {
        field: 'resumeId',
      });
    const aim = await TargetService.forResumeOwner(this.em, target, resume.ownerId);
    // Counted only for a request that will run.
    await this.ai.limits.consume(viewer, 'tailor');

    const asked = askedSkills(aim);
    const facts = resumeFactsFromText(resume.markdown);
    const reordered = reorderForTarget(structuredClone(resume.document), asked);
    const fallbackSummary = templateSummary(reordered, shownAskedSkills(asked, facts));
    const result = await generateWithoutInventedClaims({
      provider: this.ai.llm,
      request: {
        task: 'tailor',
        system: [
          'You rewrite the professional summary of a resume for a target role: two to four sentences,',
          'leading with what the target asks for that the resume shows.',
          'Use only facts from the resume: never claim a skill, employer, title, degree or date it does not show,',
          'and do not name the target company or its title as the candidate’s.',
          'No contact details, no salary. Answer JSON {"summary": "..."}.',
        ].join(' '),
        user: [
          `# Target: ${aim.title}${aim.company ? ` at ${aim.company}` : ''}`,
          `Required skills: ${aim.requiredSkills.join(', ') || '—'}`,
          `Preferred skills: ${aim.preferredSkills.join(', ') || '—'}`,
          // Redacted when projected too; again here, for rows projected before a redaction rule existed.
          redactForPrompt(aim.description),
          '',
          '# Resume',
          redactForPrompt(resume.markdown),
        ].join('\n'),
        schema: summarySchema,
        schemaName: 'tailored_summary',
        maxTokens: 600,
        temperature: 0.3,
      },
      fallback: () => ({ summary: fallbackSummary }),
      facts,
      textsOf: (value) => [value.summary],
      withTexts: (value, [summary]) => ({ ...value, summary }),
    });
    await recordLlmUsage(this.ai.redis, viewer.id, 'tailor', result.usage);
    // Every sentence removed as invented: the template's summary, built from the resume alone.
    const summary = result.value.summary.trim() || fallbackSummary;
    const tailored = {
      ...reordered,
      basics: { ...reordered.basics, ...(summary ? { summary } : {}) },
    };
    return this.resumes.replaceDocument(ctx, id, resume.version, tailored, (tx, current) =>
      SnapshotService.pin(tx, current, snapshotNameFor(aim)),
    );
  }
}
