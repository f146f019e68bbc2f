# kefu in a small image: the single executable (`bun build --compile`: runtime, code and
# migrations in one file) on a distroless base, run as a non-root user, data in /data.
#   docker build -t kefu .
#   docker run -p 7272:7272 -v kefu-data:/data kefu
# The first start prints bot 1's api key and agent 1's token once: see `docker logs`.

# Build: npm installs the locked dependencies, the pinned Bun among them (as in .ci/run).
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# swagger-ui-dist depends on @scarf/scarf, whose install script reports the install: off.
ENV SCARF_ANALYTICS=false
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && mkdir -p /out/data

# Run: glibc and libstdc++ are all the executable needs.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/kefu /usr/local/bin/kefu
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV KEFU_DB=/data/kefu.db \
    KEFU_HOST=0.0.0.0 \
    KEFU_PORT=7272
VOLUME /data
EXPOSE 7272
# kefu stops cleanly on SIGTERM: it finishes the writes in flight and closes agents with 1001.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/kefu"]
CMD ["serve"]
