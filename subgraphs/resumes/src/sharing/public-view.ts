import { SECTION_KEYS, type ResumeDocument } from '../resumes/resume-document.js';
import { CONTACT_PUBLIC } from '../resumes/resume-document.types.js';
import { documentToMarkdown } from '../resumes/resume-markdown.js';
import { Resume } from '../resumes/resume.entity.js';

/**
 * What a resume shows on a public path (public profile, share link, anonymous federation): a
 * detached copy whose document has no salary, no contact details unless the owner shows them, and
 * no hidden sections; the original file's key stays private. The field guards then see the copy's
 * marker (contact details) and the owner check (salary) — two independent locks.
 */
export function publicView(resume: Resume, options: { showContactDetails: boolean }): Resume {
  const source = resume.document;
  const basics = { ...source.basics, location: source.basics.location && { ...source.basics.location } };
  if (!options.showContactDetails) {
    delete basics.email;
    delete basics.phone;
    if (basics.location) delete basics.location.address;
  }
  const document: ResumeDocument = { ...source, basics };
  delete document.salaryExpectation;
  for (const section of source.sections)
    if (!section.visible) (document as Record<string, unknown>)[SECTION_KEYS[section.kind]] = [];
  const copy = Object.assign(Object.create(Resume.prototype) as Resume, {
    id: resume.id,
    ownerId: resume.ownerId,
    title: resume.title,
    isDefault: resume.isDefault,
    status: resume.status,
    statusDetail: resume.statusDetail,
    version: resume.version,
    source: resume.source,
    originalFileKey: null,
    markdown: documentToMarkdown(resume.title, document),
    document,
    createdAt: resume.createdAt,
    updatedAt: resume.updatedAt,
  });
  copy[CONTACT_PUBLIC] = options.showContactDetails;
  return copy;
}
