#!/usr/bin/env bash
# The embedded H2 alone: the outbound path's three durable commits per message on the real schema, from several
# threads, per commit (the application's WRITE_DELAY=0) and with a group-commit prototype. Prints messages/s and
# the database file's growth per round. No bridge, broker or sandbox: it isolates the database's share.
# Usage: bench/h2-commits.sh [messages per round, default 10000] [threads, default 8] [rounds, default 4]
source "$(dirname "$0")/lib.sh"
build
for mode in per-commit group; do
  bench_java io.smsbridge.bench.H2CommitBench "$mode" "${1:-10000}" "${2:-8}" "${3:-4}"
done
