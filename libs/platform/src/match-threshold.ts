/**
 * The score (0–100) at or above which a new match is announced (`match.found`, webhooks, digests)
 * unless the owner chose another `matchThreshold`. 65 is where the calibrated GOOD verdict starts:
 * on the judged matching set (held out, leave one resume out; `npm run calibrate:matching`) it
 * announces the strong and most good fits and almost none of the wrong ones. Users (the preference
 * default) and matching (owners without a preferences row yet) read this one value.
 */
export const DEFAULT_MATCH_THRESHOLD = 65;
