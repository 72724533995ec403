#!/usr/bin/env bash
# Creates (or re-uses) the Python venv for the e2e Airflow rig at <repo>/.airflow/venv.
# Idempotent: the sha256 of the lock file (+ python version) is stored in the venv;
# when it matches, nothing is installed and the script exits at once.
#
# Env overrides: AIRFLOW_VENV (venv path), AIRFLOW_LOCK (lock file, default requirements.lock;
# the harness passes requirements-<plugin>.lock for a venv with an MCP plugin), AIRFLOW_CHECK_IMPORTS
# (extra Python modules that must import after the install), PYTHON (interpreter, default python3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LOCK="${AIRFLOW_LOCK:-$HERE/requirements.lock}"
VENV="${AIRFLOW_VENV:-$REPO/.airflow/venv}"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements.lock.sha256"

want="$( { sha256sum "$LOCK" | cut -d' ' -f1; "$PYTHON" -c 'import sys;print(sys.version.split()[0])'; } | tr '\n' ' ')"

if [[ -x "$VENV/bin/airflow" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "[airflow-setup] venv up to date: $VENV"
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "[airflow-setup] creating venv: $VENV ($("$PYTHON" --version))"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV"
else
  echo "[airflow-setup] re-using venv (lock file changed or install incomplete): $VENV"
fi

rm -f "$STAMP"
echo "[airflow-setup] installing pinned packages from $LOCK (this takes ~30 s)"
start=$(date +%s)
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$LOCK" 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
# pip's exit status is lost in the pipe above; check the result directly.
"$VENV/bin/python" -c "import airflow, airflow.providers.standard${AIRFLOW_CHECK_IMPORTS:+, $AIRFLOW_CHECK_IMPORTS}" \
  || { echo "[airflow-setup] install failed" >&2; exit 1; }
[[ -x "$VENV/bin/airflow" ]] || { echo "[airflow-setup] no airflow binary after install" >&2; exit 1; }
echo "$want" > "$STAMP"
echo "[airflow-setup] installed in $(( $(date +%s) - start )) s: $("$VENV/bin/airflow" version 2>/dev/null || echo '?')"
