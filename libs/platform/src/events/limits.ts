/** The longest job description a user may keep (characters): pasted text is refused beyond it,
 * text extracted from an uploaded file is cut to it (and so stays far below the 1 MB event limit). */
export const REQUIREMENTS_MAX_TEXT_LENGTH = 50_000;
