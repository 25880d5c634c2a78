import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireViewer, type AuthContext } from '@hiregraph/platform/auth/guards';
import { generateWithoutInventedClaims, resumeFactsFromText } from '@hiregraph/ai/claims';
import { aiLimitsFor } from '@hiregraph/ai/limits';
import { recordLlmUsage } from '@hiregraph/ai/llm-usage';
import { badUserInput } from '@hiregraph/platform/errors';
import { extractSkillIds, getSkill } from '@hiregraph/skills/taxonomy';
import type { SubgraphRuntime } from '@hiregraph/platform/subgraph/service';
import {
  loadResumeContext,
  loadTargetContext,
  type ResumeContext,
  type TargetContext,
} from './generation.context.js';
import type { GenerationTarget } from '@hiregraph/platform/graphql/generation-target';
import { CoverLetterTone, type CoverLetter } from './generation.inputs.js';
import type { MatchingServices } from '../services.js';

const coverLetterSchema = z.object({ text: z.string().min(1).max(6000) });

/** One language's cover letter: greeting, an opening and a closing per tone, the two fact sentences. */
interface LetterTemplate {
  greeting: (company: string | null) => string;
  openings: Record<CoverLetterTone, string>;
  closings: Record<CoverLetterTone, string>;
  latest: (title: string, company: string | undefined) => string;
  skills: (skills: string) => string;
  /** "{team}": the company, or "your team" in this language. */
  yourTeam: string;
  /** "{at}": " at Initech", or nothing without a company. */
  at: (company: string) => string;
}

/**
 * The local provider's letters by language. Placeholders: {title}, {article} (English a/an),
 * {at} and {team}. Other language codes fall back to English.
 */
export const LETTER_TEMPLATES: Record<'en' | 'de' | 'fr' | 'es', LetterTemplate> = {
  en: {
    greeting: (company) => (company ? `Dear ${company} hiring team,` : 'Dear hiring team,'),
    openings: {
      PROFESSIONAL: 'I am writing to apply for the {title} position{at}.',
      FRIENDLY: "I'd love to join {team} as {article} {title}.",
      CONFIDENT: 'I am the {title} you are looking for{at}.',
    },
    closings: {
      PROFESSIONAL: 'Thank you for considering my application. I look forward to hearing from you.',
      FRIENDLY: "Thanks for reading. I'd be glad to talk about how I can help.",
      CONFIDENT: 'I am ready to contribute from day one and would welcome a conversation.',
    },
    latest: (title, company) => `Most recently I have worked as ${title}${company ? ` at ${company}` : ''}.`,
    skills: (skills) => `My resume shows the experience you ask for with ${skills}.`,
    yourTeam: 'your team',
    at: (company) => ` at ${company}`,
  },
  de: {
    greeting: (company) => (company ? `Sehr geehrtes ${company}-Team,` : 'Sehr geehrte Damen und Herren,'),
    openings: {
      PROFESSIONAL: 'hiermit bewerbe ich mich um die Stelle als {title}{at}.',
      FRIENDLY: 'gern würde ich {team} als {title} verstärken.',
      CONFIDENT: 'ich bin die Person, die Sie als {title}{at} suchen.',
    },
    closings: {
      PROFESSIONAL:
        'Vielen Dank für die Berücksichtigung meiner Bewerbung. Ich freue mich darauf, von Ihnen zu hören.',
      FRIENDLY: 'Danke fürs Lesen. Ich erzähle Ihnen gern mehr darüber, wie ich helfen kann.',
      CONFIDENT: 'Ich kann vom ersten Tag an beitragen und freue mich auf ein Gespräch.',
    },
    latest: (title, company) => `Zuletzt war ich als ${title}${company ? ` bei ${company}` : ''} tätig.`,
    skills: (skills) => `Mein Lebenslauf zeigt die gesuchte Erfahrung mit ${skills}.`,
    yourTeam: 'Ihr Team',
    at: (company) => ` bei ${company}`,
  },
  fr: {
    greeting: (company) => (company ? `Chère équipe de recrutement de ${company},` : 'Madame, Monsieur,'),
    openings: {
      PROFESSIONAL: 'Je vous adresse ma candidature au poste de {title}{at}.',
      FRIENDLY: 'Je serais ravi de rejoindre {team} en tant que {title}.',
      CONFIDENT: 'Je suis le {title} que vous recherchez{at}.',
    },
    closings: {
      PROFESSIONAL:
        "Je vous remercie de l'attention portée à ma candidature et reste à votre disposition pour un entretien.",
      FRIENDLY: "Merci de m'avoir lu. Je serais heureux d'échanger sur la façon dont je peux vous aider.",
      CONFIDENT: 'Je suis prêt à contribuer dès le premier jour et serais heureux d’en discuter.',
    },
    latest: (title, company) =>
      `J'ai récemment occupé le poste de ${title}${company ? ` chez ${company}` : ''}.`,
    skills: (skills) => `Mon CV montre l'expérience que vous recherchez avec ${skills}.`,
    yourTeam: 'votre équipe',
    at: (company) => ` chez ${company}`,
  },
  es: {
    greeting: (company) =>
      company ? `Estimado equipo de selección de ${company}:` : 'Estimado equipo de selección:',
    openings: {
      PROFESSIONAL: 'Me dirijo a ustedes para solicitar el puesto de {title}{at}.',
      FRIENDLY: 'Me encantaría unirme a {team} como {title}.',
      CONFIDENT: 'Soy el {title} que están buscando{at}.',
    },
    closings: {
      PROFESSIONAL: 'Gracias por considerar mi candidatura. Quedo a la espera de su respuesta.',
      FRIENDLY: 'Gracias por leerme. Me encantaría hablar de cómo puedo ayudar.',
      CONFIDENT: 'Estoy listo para aportar desde el primer día y encantado de conversar.',
    },
    latest: (title, company) => `Recientemente he trabajado como ${title}${company ? ` en ${company}` : ''}.`,
    skills: (skills) => `Mi currículum muestra la experiencia que buscan con ${skills}.`,
    yourTeam: 'su equipo',
    at: (company) => ` en ${company}`,
  },
};

/** The template for a language code ("de", "de-AT"); English for codes without one. */
export function letterTemplateFor(language: string): LetterTemplate {
  const base = language.slice(0, 2).toLowerCase();
  return base in LETTER_TEMPLATES
    ? LETTER_TEMPLATES[base as keyof typeof LETTER_TEMPLATES]
    : LETTER_TEMPLATES.en;
}

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
  language = 'en',
): string {
  const template = letterTemplateFor(language);
  const fill = (text: string) =>
    text
      .replace('{title}', target.title)
      .replace('{article}', /^[aeiou]/i.test(target.title) ? 'an' : 'a')
      .replace('{at}', target.company ? template.at(target.company) : '')
      .replace('{team}', target.company ?? template.yourTeam);
  const latest = latestPosition(resume.markdown);
  const skills = sharedSkills(resume, target);
  const paragraphs = [template.greeting(target.company), fill(template.openings[tone])];
  if (latest.title) paragraphs.push(template.latest(latest.title, latest.company));
  if (skills.length > 0) paragraphs.push(template.skills(skills.slice(0, 6).join(', ')));
  paragraphs.push(template.closings[tone]);
  return paragraphs.join('\n\n');
}

export class GenerationService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: SubgraphRuntime,
    private readonly services: MatchingServices,
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
    // Counted only for a request that will run.
    await aiLimitsFor(this.runtime.redis, this.runtime.config.env).consume(
      requireViewer(ctx),
      'cover_letter',
    );
    const provider = this.services.llm;
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
      fallback: () => ({ text: templateCoverLetter(resume, targetContext, tone, language) }),
      facts: resumeFactsFromText(resume.markdown),
      allowances: {
        names: [targetContext.company, targetContext.title],
        years: [new Date().getFullYear()],
        language,
      },
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
