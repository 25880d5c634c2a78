import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOwnerOrAdmin, forbidden, type AuthContext } from '@hiregraph/platform/auth/guards';
import { redactForPrompt } from '@hiregraph/ai/redact';
import { notFound } from '@hiregraph/platform/errors';
import { targetOf, type GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import { requireUuid } from '@hiregraph/platform/validation';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { Requirements } from '../requirements/requirements.entity.js';
import { refuseUnready } from '../requirements/requirements.service.js';

/** What prompts may say about a resume: its visible markdown, contacts and salary redacted. */
export interface ResumeContext {
  resumeId: string;
  ownerId: string;
  markdown: string;
  skills: string[];
  titles: string[];
}

/** What prompts may say about a target: no salary, no poster. */
export interface TargetContext {
  title: string;
  company: string | null;
  requiredSkills: string[];
  preferredSkills: string[];
  description: string;
}

/** The resume, if the viewer owns it (or is an admin); another user's resume is FORBIDDEN. */
export async function loadResumeContext(
  ctx: AuthContext,
  em: EntityManager,
  resumeId: string,
): Promise<ResumeContext> {
  const id = requireUuid(resumeId, 'resumeId');
  const known = await em.findOne(KnownResume, { resumeId: id });
  if (!known) throw notFound('Resume not found');
  assertOwnerOrAdmin(ctx, known.ownerId);
  const [row] = await em.execute<{ markdown: string; skills: string[]; titles: string[] }[]>(
    'select markdown, skills, titles from resume_profiles where resume_id = ?',
    [id],
  );
  if (!row) throw notFound('Resume not analysed yet: try again once it is parsed');
  return {
    resumeId: id,
    ownerId: known.ownerId,
    markdown: redactForPrompt(row.markdown),
    skills: row.skills,
    titles: row.titles,
  };
}

/** The target's title, company, skills and a description excerpt; salary is never read. */
export async function loadTargetContext(
  em: EntityManager,
  target: GenerationTarget,
  resumeOwnerId: string,
): Promise<TargetContext> {
  const named = targetOf(target);
  if (named.kind === 'requirements') {
    const requirements = await em.findOne(Requirements, { id: named.requirementsId });
    if (!requirements) throw notFound('Requirements not found');
    // Only the resume owner's own requirements: one user's text never meets another's resume.
    if (requirements.ownerId !== resumeOwnerId) throw forbidden('These requirements belong to another user');
    refuseUnready(requirements);
    return {
      title: requirements.title,
      company: null,
      requiredSkills: requirements.requiredSkills,
      preferredSkills: requirements.preferredSkills,
      description: redactForPrompt(requirements.text).slice(0, 1500),
    };
  }
  const { jobId } = named;
  const [row] = await em.execute<
    {
      title: string;
      company: string | null;
      required_skills: string[];
      preferred_skills: string[];
      description: string;
    }[]
  >(
    'select title, company, required_skills, preferred_skills, description from job_profiles where job_id = ? and closed_at is null',
    [jobId],
  );
  if (!row) throw notFound('Job not found');
  return {
    title: row.title,
    company: row.company,
    requiredSkills: row.required_skills,
    preferredSkills: row.preferred_skills,
    description: redactForPrompt(row.description).slice(0, 1500),
  };
}
