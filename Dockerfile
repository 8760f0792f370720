# syntax=docker/dockerfile:1
# The bot in a container: `docker build -t whatsapp-senders-bot .`, then run it with the settings
# of .env (see docker-compose.yml for PostgreSQL, two replicas and Caddy in front of them).
# The image runs on Node 22 (an LTS); the package still supports Node >= 20.12 outside Docker.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# All dependencies: tsc is a dev dependency.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
# tini is PID 1: it passes SIGTERM on to node (which then stops cleanly) and reaps child processes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_FILE=/app/data/db.json
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only: no compiler, no test tools.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# PostgreSQL's migrations, applied at start when DATABASE_URL is set.
COPY migrations ./migrations
COPY docker/check-data-folder.sh /usr/local/bin/check-data-folder
# The lowdb data file lives here (unused once DATABASE_URL points at PostgreSQL).
RUN mkdir -p /app/data && chown node:node /app/data && chmod 0755 /usr/local/bin/check-data-folder
VOLUME ["/app/data"]
# The node image's own unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness: the process answers. Compose and load balancers ask /readyz (store, Slack, migrations).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A data folder the bot cannot write (a root-owned bind mount) ends the start with one line saying how to fix it.
ENTRYPOINT ["/usr/bin/tini", "--", "check-data-folder"]
# What `npm start` runs after its build, without npm in between (npm would not pass signals on).
CMD ["node", "--heap-growing-percent=50", "--enable-source-maps", "dist/main.js"]
