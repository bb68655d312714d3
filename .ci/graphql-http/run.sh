#!/bin/sh
# CI step: the graphql-http conformance audit (GraphQL over HTTP) against a
# real server with the demo data. Installs the pinned audit from
# package-lock.json, builds the server, and fails below MIN passing audits
# or on any failing MUST audit.
set -eu
MIN=${MIN:-60}
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd ../.. && go build -o "$bin/reseau" .)
node audit.mjs --min "$MIN" "$bin/reseau"
