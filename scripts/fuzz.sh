#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 5: the smoke run in .ci/run), seeded from the samples and
# test data. cargo-fuzz is installed if missing; the machine's stable toolchain is used with RUSTC_BOOTSTRAP=1 and
# no sanitizer (`-s none`). A crash fails the run and leaves its input in fuzz/artifacts/TARGET/.
#   scripts/fuzz.sh          # 5 s per target
#   scripts/fuzz.sh 300      # a longer campaign
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
export RUSTC_BOOTSTRAP=1
seed() { # target, files...
  local t=$1; shift
  mkdir -p "fuzz/corpus/$t"
  # (`if`, not `&&`: a pattern that matched nothing — the shared exports absent — must not end the script)
  for f in "$@"; do if [ -f "$f" ]; then head -c 16384 "$f" > "fuzz/corpus/$t/seed-$(basename "$f")"; fi; done
}
seed profile_toml samples/*.toml samples/shapes/*.toml tests/data/bad/*.toml
seed price_book pricing/aws-lambda.toml
seed ingest_report samples/exports/*.log tests/data/ingest/*.log tests/data/bad/*.log
seed ingest_insights samples/exports/insights-export.csv tests/data/bad/insights-bad-duration.csv
seed ingest_cur samples/exports/cur-legacy.csv samples/exports/cur2.csv tests/data/bad/cur-bad-cost.csv
seed ingest_usage samples/exports/usage.csv tests/data/bad/usage-missing-column.csv
# The new formats, seeded from the real exports when the shared folder is there (first 16 KiB of each).
real=../shared/data/real-exports
mkdir -p fuzz/corpus/ingest_parquet
for f in samples/exports/cur2.parquet tests/data/bad/*.parquet; do # without the magic the target prepends
  if [ -f "$f" ]; then tail -c +5 "$f" | head -c 16384 > "fuzz/corpus/ingest_parquet/seed-$(basename "$f")"; fi
done
seed ingest_focus $real/focus/*.csv tests/data/bad/focus-*.csv
mkdir -p fuzz/corpus/ingest_athena
if [ -f $real/cur/wa-labs-step1-cur-athena-ctrlA.gz ]; then
  { gzip -dc $real/cur/wa-labs-step1-cur-athena-ctrlA.gz || true; } | head -c 16384 > fuzz/corpus/ingest_athena/seed-wa-labs
fi
seed ingest_athena tests/data/bad/athena-*
seed ingest_messages $real/insights/crossover-*.csv tests/data/bad/live-tail-*.csv
seed ingest_telemetry $real/json/*.json tests/data/bad/telemetry-*.json
seed ingest_insights_json $real/insights/*.json
seed ingest_insights_markdown $real/insights/*.md
seed replay_csv tests/data/traffic/*.csv
# Project files: the first byte picks the name (0 template.yaml, 1 template.json, 2 serverless.yml, 3 main.tf).
mkdir -p fuzz/corpus/project_template
for f in tests/data/projects/*/backend/template.yaml tests/data/projects/*/template.yaml; do
  [ -f "$f" ] && { printf '\x00'; head -c 16383 "$f"; } > "fuzz/corpus/project_template/seed-yaml-$(echo "$f" | tr / _)"
done
for f in tests/data/projects/*/backend/cdk.out/*.json; do
  [ -f "$f" ] && { printf '\x01'; head -c 16383 "$f"; } > "fuzz/corpus/project_template/seed-json-$(basename "$f")"
done
for f in tests/data/projects/serverless-cms-mdct-mcr/services/*/serverless.yml; do
  [ -f "$f" ] && { printf '\x02'; head -c 16383 "$f"; } > "fuzz/corpus/project_template/seed-sls-$(echo "$f" | tr / _)"
done
for f in tests/data/projects/terraform-cds-forms/aws/lambdas/*.tf; do
  [ -f "$f" ] && { printf '\x03'; head -c 16383 "$f"; } > "fuzz/corpus/project_template/seed-tf-$(basename "$f")"
done
# Dependency manifests: the first byte picks the name (see fuzz_targets/deps_manifest.rs).
mkdir -p fuzz/corpus/deps_manifest
i=0
for name in requirements.txt pyproject.toml Pipfile poetry.lock uv.lock Pipfile.lock package.json package-lock.json yarn.lock pnpm-lock.yaml; do
  for f in $(find tests/data/projects -name "$name" | sort); do
    { printf "\\x$(printf %02x $i)"; head -c 16383 "$f"; } > "fuzz/corpus/deps_manifest/seed-$i-$(echo "$f" | tr / _)"
  done
  i=$((i + 1))
done
(cd fuzz && cargo fuzz build -s none -O -a >/dev/null 2>&1 || cargo fuzz build -s none -O -a)
for t in profile_toml price_book ingest_report ingest_insights ingest_cur ingest_usage replay_csv project_template deps_manifest \
  ingest_parquet ingest_focus ingest_athena ingest_messages ingest_telemetry ingest_insights_json ingest_insights_markdown; do
  (cd fuzz && cargo fuzz run -s none -O -a "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 2>&1 | grep -E "^#[0-9]+.*DONE|^Done|SUMMARY|panicked" || true)
  if [ -n "$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) 2>/dev/null)" ]; then
    echo "fuzz: $t failed (crash, out of memory or timeout); inputs in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
