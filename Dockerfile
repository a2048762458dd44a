# syntax=docker/dockerfile:1
# Bacon: one image for the host, which serves the API, the console (/webui.html) and the widget.
# Build: docker build -t bacon .   Run: docker compose up (see docker-compose.yml and docs/quickstart.md).
# All configuration comes from the environment (docs/configuration.md); nothing is baked in.

# ---- build: compile isolated-vm from source, install, build the browser apps -----------------
FROM node:20-slim AS build
# isolated-vm is a native addon compiled by node-gyp: it needs python3, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && node -e "require('isolated-vm')" \
 && npm run build:ui \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf tests docs .ci

# ---- runtime: slim Node, no compiler, non-root -----------------------------------------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    BACON_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz answers while the process serves; /readyz (database, Redis, plugins) is for load balancers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--no-node-snapshot", "--import", "tsx", "--conditions", "bacon-source", "host/src/cli.ts", "start"]
