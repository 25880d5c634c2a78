#!/usr/bin/env bash
# Creates (or updates) the Secrets the Hiregraph manifests reference, with fresh random values
# where nothing is given. Nothing here is committed: values come from the environment or openssl.
#
#   deploy/k8s/secrets/create-secrets.sh --namespace hiregraph           # apply to the cluster
#   deploy/k8s/secrets/create-secrets.sh --namespace hiregraph --print   # print the YAML instead
#
# Optional inputs (environment): S3_ACCESS_KEY and S3_SECRET_KEY (a cloud bucket's keys; random
# ones suit the dev overlay's MinIO), SMTP_URL (required by the prod overlay: EMAIL_PROVIDER=smtp),
# OPENAI_API_KEY and LLM_API_KEY (only with EMBEDDINGS_PROVIDER/LLM_PROVIDER=openai).
# A Secret that already exists is left as it is (AUTH_KEY_SECRET in particular must never change:
# it decrypts the stored signing keys); delete one first to replace it.
set -euo pipefail

namespace=""
print=false
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace | -n) namespace="$2"; shift 2 ;;
    --print) print=true; shift ;;
    *) echo "usage: $0 --namespace <namespace> [--print]" >&2; exit 2 ;;
  esac
done
[ -n "$namespace" ] || { echo "usage: $0 --namespace <namespace> [--print]" >&2; exit 2; }

# Hex only: the database passwords are placed inside DATABASE_URL, so they must be URL-safe.
random() { openssl rand -hex "${1:-24}"; }

# emit NAME kubectl create secret ... : kubectl builds the Secret client-side (--dry-run=client),
# so printing needs no cluster.
emit() {
  local name="$1"
  shift
  if $print; then
    "$@" --namespace "$namespace" --dry-run=client -o yaml
    echo '---'
  elif kubectl get secret "$name" --namespace "$namespace" >/dev/null 2>&1; then
    echo "secret/$name exists: kept"
  else
    "$@" --namespace "$namespace" --dry-run=client -o yaml | kubectl create -f -
  fi
}

# One database role per subgraph (CloudNativePG managed roles, base/postgres.yaml).
for subgraph in users resumes jobs matching; do
  emit "hiregraph-db-${subgraph}" kubectl create secret generic "hiregraph-db-${subgraph}" \
    --type=kubernetes.io/basic-auth \
    --from-literal=username="hiregraph_${subgraph}" \
    --from-literal=password="$(random)"
done

# Object storage keys, read by every subgraph (and by the dev overlay's MinIO as its root user).
emit hiregraph-s3 kubectl create secret generic hiregraph-s3 \
  --from-literal=S3_ACCESS_KEY="${S3_ACCESS_KEY:-hiregraph-$(random 6)}" \
  --from-literal=S3_SECRET_KEY="${S3_SECRET_KEY:-$(random)}"

# The users subgraph: the key that encrypts token-signing keys at rest, and the SMTP server.
users=(--from-literal=AUTH_KEY_SECRET="${AUTH_KEY_SECRET:-$(openssl rand -base64 32)}")
[ -z "${SMTP_URL:-}" ] || users+=(--from-literal=SMTP_URL="$SMTP_URL")
emit hiregraph-users kubectl create secret generic hiregraph-users "${users[@]}"

# The matching subgraph: seals analysis callback secrets at rest.
emit hiregraph-matching kubectl create secret generic hiregraph-matching \
  --from-literal=ANALYSIS_CALLBACK_KEY_SECRET="${ANALYSIS_CALLBACK_KEY_SECRET:-$(openssl rand -base64 32)}"

# AI providers' keys (optional: the Deployments mark this Secret optional).
ai=()
[ -z "${OPENAI_API_KEY:-}" ] || ai+=(--from-literal=OPENAI_API_KEY="$OPENAI_API_KEY")
[ -z "${LLM_API_KEY:-}" ] || ai+=(--from-literal=LLM_API_KEY="$LLM_API_KEY")
[ ${#ai[@]} -eq 0 ] || emit hiregraph-ai kubectl create secret generic hiregraph-ai "${ai[@]}"
