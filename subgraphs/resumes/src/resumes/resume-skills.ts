import { normalizeSkill } from '@hiregraph/skills/taxonomy';

/** A skill after the shared taxonomy (libs/skills/src/) looked at it. */
export interface NormalizedSkill {
  /** Canonical id from the taxonomy, when known. */
  id?: string;
  name: string;
  /** The text as the resume wrote it. */
  raw: string;
}

/** The seam for the skills taxonomy: raw names in, canonical skills out. */
export type NormalizeSkills = (rawNames: string[]) => NormalizedSkill[] | Promise<NormalizedSkill[]>;

/**
 * The shared skills taxonomy (libs/skills/src/): each name becomes its canonical skill (name and
 * id) when the taxonomy knows it, else stays as written; one entry per skill.
 */
export const normalizeWithTaxonomy: NormalizeSkills = (rawNames) => {
  const seen = new Set<string>();
  return rawNames.flatMap((raw) => {
    const trimmed = raw.trim();
    if (!trimmed) return [];
    const skill = normalizeSkill(trimmed);
    const key = skill ? `id:${skill.id}` : `raw:${trimmed.toLowerCase()}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [skill ? { id: skill.id, name: skill.name, raw: trimmed } : { name: trimmed, raw: trimmed }];
  });
};
