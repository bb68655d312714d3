# Réseau API image: a static Go binary (CGO off: the embedded SQLite driver is
# pure Go) on a distroless base that holds no shell and runs as non-root.
# The tag matches go.mod's go line: the official images set GOTOOLCHAIN=local,
# so an older 1.26.x image (a stale cached "1.26") would refuse the module.
FROM golang:1.26.8-alpine AS build
WORKDIR /src
# Modules first, so that a code change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/reseau . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reseau /usr/local/bin/reseau
# Where the embedded store lives when RESEAU_STORE is not neo4j.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
ENV RESEAU_ADDR=:8080
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/reseau"]
CMD ["serve"]
