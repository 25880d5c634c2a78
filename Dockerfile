# syntax=docker/dockerfile:1
#
# One image recipe for every Hiregraph service; SERVICE picks the process the container runs:
#   docker build --build-arg SERVICE=users -t hiregraph-users .
# docker-compose.yml builds gateway, users, resumes, jobs and matching from it, and
# test/compose.test.ts checks this file against the compose file and the repository.

ARG NODE_IMAGE=node:24-bookworm-slim

# Workspace manifests only: the dependency layers stay cached until a package.json or the lockfile
# changes. `npm ci` needs every workspace's manifest to match the lockfile, so all are copied.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
COPY libs/platform/package.json libs/platform/
COPY libs/ai/package.json libs/ai/
COPY libs/skills/package.json libs/skills/
COPY libs/requirements/package.json libs/requirements/
COPY gateway/package.json gateway/
COPY subgraphs/users/package.json subgraphs/users/
COPY subgraphs/resumes/package.json subgraphs/resumes/
COPY subgraphs/jobs/package.json subgraphs/jobs/
COPY subgraphs/matching/package.json subgraphs/matching/
COPY tools/package.json tools/
COPY clients/sdk/package.json clients/sdk/
COPY test/package.json test/
COPY bench/package.json bench/
COPY web/package.json web/

# Compiles every workspace with the full dependency tree (the root devDependency `node@24.9.0`
# brings its own Node binary, which npx uses here; the runtime image uses the base image's Node 24).
FROM manifests AS build
ENV TURBO_TELEMETRY_DISABLED=1
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npx turbo run build
# Collect what the services run: each runtime package's dist/ plus the published schemas, and the
# web client's bundle, which the gateway serves at / (WEB_DIST_PATH: /app/web/dist).
RUN mkdir -p /out schema \
 && cp -a schema /out/ \
 && for pkg in libs/* gateway subgraphs/*; do mkdir -p "/out/$pkg" && cp -a "$pkg/dist" "/out/$pkg/"; done \
 && mkdir -p /out/web && cp -a web/dist /out/web/

# Production dependencies of the runtime packages only: no compilers, test tools, or the
# composition and s3rver dependencies of tools/.
FROM manifests AS production
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev \
      --workspace=libs/platform \
      --workspace=libs/ai \
      --workspace=libs/skills \
      --workspace=libs/requirements \
      --workspace=gateway \
      --workspace=subgraphs/users \
      --workspace=subgraphs/resumes \
      --workspace=subgraphs/jobs \
      --workspace=subgraphs/matching
COPY --from=build /out/ ./
# The local embedding model's word vector cache (see libs/ai/src/word-embeddings-cache.ts), built
# once here so no service parses the package's 300 MB JSON at start or needs to write to /app.
RUN node --input-type=module -e "await (await import('./libs/ai/dist/word-embeddings-cache.js')).loadWordVectors()"

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the service user: the services never write to their own code.
COPY --from=production /app ./
ARG SERVICE
ENV SERVICE=${SERVICE}
# The one mapping from service name to entry point and default port. /app/main.js links to the
# entry (Node follows the link, so imports resolve from the real file); /app/service-port keeps
# the default port for the health check.
RUN case "${SERVICE}" in \
      gateway)  entry=gateway/dist/main.js;            port=4000 ;; \
      users)    entry=subgraphs/users/dist/main.js;    port=4001 ;; \
      resumes)  entry=subgraphs/resumes/dist/main.js;  port=4002 ;; \
      jobs)     entry=subgraphs/jobs/dist/main.js;     port=4003 ;; \
      matching) entry=subgraphs/matching/dist/main.js; port=4004 ;; \
      *) echo "Build arg SERVICE='${SERVICE}' must be gateway, users, resumes, jobs or matching" >&2; exit 1 ;; \
    esac \
 && test -f "$entry" \
 && ln -s "$entry" main.js \
 && echo "$port" > service-port
USER node
EXPOSE 4000 4001 4002 4003 4004
# Slim images have no curl: Node's fetch asks /healthz on the port the service listens on
# (`<SERVICE>_PORT`, e.g. USERS_PORT or GATEWAY_PORT, else the default above).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const port = process.env[process.env.SERVICE.toUpperCase() + '_PORT'] || require('node:fs').readFileSync('/app/service-port', 'utf8').trim(); fetch('http://127.0.0.1:' + port + '/healthz').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1));"]
# Exec form, so SIGTERM reaches Node, which drains and stops cleanly (libs/platform/src/lifecycle.ts).
# The --import starts OpenTelemetry tracing first when OTEL_* variables ask for it (a no-op otherwise).
CMD ["node", "--import", "./libs/platform/dist/observability/tracing.js", "main.js"]
