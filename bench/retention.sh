#!/usr/bin/env bash
# The retention cleanup alone (no broker, no HTTP): time per run on a store of ended jobs within their retention, some
# past it and a queued backlog, on a throw-away H2 file, or on BENCH_RETENTION_URL
# (e.g. jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench_retention, user BENCH_RETENTION_USER).
# Knobs: BENCH_RETENTION_KEPT (200000), BENCH_RETENTION_DUE (20000), BENCH_RETENTION_QUEUED (100000),
# BENCH_RETENTION_RUNS (6).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT INT TERM

run_store_bench retention "$BENCH_DIR/retention/RetentionBench.java" "${BENCH_RETENTION_URL:-}" \
    "${BENCH_RETENTION_USER:-warren}" "${BENCH_RETENTION_PASSWORD:-warren}" "${BENCH_RETENTION_KEPT:-200000}" \
    "${BENCH_RETENTION_DUE:-20000}" "${BENCH_RETENTION_QUEUED:-100000}" "${BENCH_RETENTION_RUNS:-6}"
