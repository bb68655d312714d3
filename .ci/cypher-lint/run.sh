#!/bin/sh
# CI step: lint every cypher/*.cypher file with Neo4j's own Cypher front end.
# Installs the pinned front end from package-lock.json, then runs the lint,
# which first proves on deliberately broken queries that it rejects them.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node lint.cjs ../../cypher
