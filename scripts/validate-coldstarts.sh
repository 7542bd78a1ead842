#!/usr/bin/env bash
# coldcost (and SimFaaS 0.2.2, as its authors configured it) against 20 cold-start shares measured on real AWS
# Lambda (tests/data/validation/simfaas-exp.csv): prints the per-case table and the MAPE of each model.
# Installs simfaas from PyPI into a scratch venv (target/simfaas/venv) unless NO_SIMFAAS=1.
#
#   scripts/validate-coldstarts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
py=""
if [ "${NO_SIMFAAS:-0}" != 1 ]; then
  venv=target/simfaas/venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import simfaas" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "simfaas==0.2.2"
  fi
  py=$venv/bin/python
fi
python3 scripts/validate-coldstarts.py target/release/coldcost $py
