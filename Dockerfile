# Gantry's own image (docker-compose.yml). No registry is needed: BASE_IMAGE may be a local image with
# Node 24, npm and git, e.g. the one scripts/build-base-image.sh makes (gantry-base:local). With a registry,
# the official node:24-bookworm-slim works too (git is added then).
ARG BASE_IMAGE=node:24-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${BASE_IMAGE} AS gantry
# git for the local publisher (pull requests as local repositories); the official node image has none.
RUN command -v git >/dev/null || (apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*)
RUN useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin gantry \
  && mkdir -p /data /missions && chown gantry:gantry /data /missions
WORKDIR /app
# Production dependencies only (npm prune --omit=dev), the compiled code, and what it reads at run time
# (policy.yaml, the prompts, the console's web assets); owned by root, so the service cannot change itself.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json /app/policy.yaml ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
USER gantry
ENV NODE_ENV=production PORT=5050 GANTRY_DATA_DIR=/data GANTRY_MISSIONS_DIR=/missions PATH=/app/node_modules/.bin:$PATH
EXPOSE 5050
VOLUME ["/data", "/missions"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5050) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]

# The sandbox image loader (docker-compose.yml's `sandbox-image`): builds gantry-node:local from this image's
# Node 24 into the sandbox engine named by DOCKER_HOST, then exits. It comes after `gantry`, so that
# `--target gantry` (the legacy builder builds every stage before its target) skips it.
FROM ${BASE_IMAGE} AS sandbox-image
RUN apt-get update && apt-get install -y --no-install-recommends docker.io busybox-static && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules/node ./node_modules/node
COPY scripts/build-sandbox-image.sh ./scripts/
CMD ["bash", "scripts/build-sandbox-image.sh"]
