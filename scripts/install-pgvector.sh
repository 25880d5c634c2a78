#!/usr/bin/env bash
# Builds and installs pgvector into the local PostgreSQL when CREATE EXTENSION vector is unavailable.
# Debian bookworm ships no pgvector package; trixie's source package builds against
# postgresql-server-dev-<major> in seconds. A private apt configuration keeps the trixie
# source line out of the machine's own apt sources.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-$(psql -h 127.0.0.1 -U postgres -tAc "show server_version_num" | cut -c1-2)}
if [ -f "/usr/share/postgresql/${PG_MAJOR}/extension/vector.control" ]; then
  echo "[pgvector] already installed for PostgreSQL ${PG_MAJOR}"
  exit 0
fi

echo "[pgvector] building from Debian trixie source for PostgreSQL ${PG_MAJOR}"
work=$(mktemp -d /tmp/hiregraph-pgvector.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
cat > "$work/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SRC
apt_private=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::archives=$work/archives"
  -o "APT::Get::List-Cleanup=0")

if ! dpkg -s "postgresql-server-dev-${PG_MAJOR}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" >/dev/null
fi
apt-get "${apt_private[@]}" update -qq >/dev/null 2>&1
(cd "$work" && apt-get "${apt_private[@]}" source --download-only -qq pgvector >/dev/null 2>&1)
tar -xf "$work"/pgvector_*.orig.tar.* -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" OPTFLAGS="" >/dev/null
make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config" install >/dev/null
echo "[pgvector] installed"
