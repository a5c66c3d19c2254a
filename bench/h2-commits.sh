#!/usr/bin/env bash
# The embedded H2 alone: the outbound path's three durable commits per message on the real schema, from several
# threads, with the application's group commit (io.smsbridge.db.GroupCommitDataSource) and with H2 writing at every
# commit (WRITE_DELAY=0). Prints messages/s, file writes and the database file's growth per round. No bridge, broker
# or sandbox: it isolates the database's share.
# IDS=random: random message ids instead of the application's time-ordered ones, for comparison.
# Usage: [IDS=random] bench/h2-commits.sh [messages per round, default 10000] [threads, default 8] [rounds, default 4]
source "$(dirname "$0")/lib.sh"
build
for mode in group per-commit; do
  bench_java -Dids="${IDS:-time-ordered}" io.smsbridge.bench.H2CommitBench "$mode" "${1:-10000}" "${2:-8}" "${3:-4}"
done
