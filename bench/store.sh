#!/usr/bin/env bash
# The job store alone (no broker, no HTTP): tasks/s and CPU per task for publish (accept + confirmed mark) and
# delivery (claim + attempt ended) from 16 threads, on a throw-away H2 file, or on BENCH_STORE_URL
# (e.g. jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench_store, user BENCH_STORE_USER).
# Knobs: BENCH_TASKS (20000 per round), BENCH_THREADS (16), BENCH_ROUNDS (7; the first is a warm-up).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT INT TERM

run_store_bench store "$BENCH_DIR/store/StoreBench.java" "${BENCH_STORE_URL:-}" "${BENCH_STORE_USER:-warren}" \
    "${BENCH_STORE_PASSWORD:-warren}" "${BENCH_TASKS:-20000}" "${BENCH_THREADS:-16}" "${BENCH_ROUNDS:-7}"
