# Switchboard API and worker image. Node 24 runs the TypeScript sources directly (type stripping), so the
# only build step is the workflow bundle, made here once instead of at every worker start.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The postinstall script (patch-package) applies patches/ to the installed packages: see patches/README.md.
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json cli.ts worker.ts ./
COPY activities ./activities
COPY api ./api
COPY bin ./bin
COPY carriers ./carriers
COPY db ./db
COPY domain ./domain
COPY infra ./infra
COPY workflows ./workflows
COPY scripts/build-workflow-bundle.ts ./scripts/
# The bundle's cache key hashes workflows/, domain/ and the lockfile: the worker finds this build at start.
# The cache stays writable by `node` so a mismatched key rebuilds instead of failing.
RUN node scripts/build-workflow-bundle.ts && chown -R node:node /app/node_modules/.cache
# /app stays root-owned: with every secret in the environment (compose requires them) nothing is written
# there at run time; a missing secret would be generated into /app/data and fail to save.
USER node
EXPOSE 3000
CMD ["node", "cli.ts", "api"]
