#!/usr/bin/env bash
# Regenerates the JSON Resume part of the resume import corpus (test/corpus/resumes/jsonresume/):
# every source in sources/ rendered by npm JSON Resume themes (resumed) to HTML, printed to PDF by
# Debian's Chromium, and converted to DOCX by LibreOffice and pandoc. The outputs are committed, so
# tests never need these tools; run this only to change the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real tools, from Debian: installed only when missing (needs root, as in the dev container).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-writer)
command -v pandoc >/dev/null || missing+=(pandoc)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# Metric-compatible Arial/Times/Helvetica: the themes' font stacks fall back to these, as on most desktops.
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "${1:-}" = "--install-only" ] && exit 0

npx tsc -b tools
node tools/dist/corpus/resumes.js "$@"
