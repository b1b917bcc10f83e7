# syntax=docker/dockerfile:1
# The React page: a Node stage builds frontend/ with Vite, a small nginx
# (unprivileged: no root, listens above 1024) serves the files on 3000.
#
# Build context: the repository root. Vite inlines VITE_API_URL at build time,
# so the image is bound to the API URL it was built with (frontend/src/config.ts).
# The `dev` target runs Vite's dev server instead (docker-compose.dev.yml).

ARG NODE_IMAGE=node:22.23.3-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine

FROM ${NODE_IMAGE} AS deps
# The image's own unprivileged user (uid 1000) owns the tree and runs npm.
WORKDIR /app
RUN chown node:node /app
USER node
COPY --chown=node:node frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci

FROM deps AS dev
COPY --chown=node:node frontend/ ./
EXPOSE 3000
# 0.0.0.0, not the npm script's 127.0.0.1: the port is published from the container.
CMD ["npx", "vite", "--host", "0.0.0.0", "--port", "3000", "--strictPort"]

FROM deps AS build
ARG VITE_API_URL=http://localhost:5000
COPY --chown=node:node frontend/ ./
RUN VITE_API_URL="$VITE_API_URL" npm run build

FROM ${NGINX_IMAGE} AS web
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
# The image's own nginx user (uid 101), said here so it is plain to see.
USER 101
EXPOSE 3000
