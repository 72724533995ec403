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
# The real path: a venv's scripts name their interpreter by the path it was created at, and
# `.airflow` is often a symlink (a git worktree's to the main checkout's), whose worktree may go.
VENV="$(realpath -m "${AIRFLOW_VENV:-$REPO/.airflow/venv}")"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements.lock.sha256"

want="$( { sha256sum "$LOCK" | cut -d' ' -f1; "$PYTHON" -c 'import sys;print(sys.version.split()[0])'; } | tr '\n' ' ')"

# The interpreter the venv's `airflow` script starts (its shebang): gone when the venv was made
# under a path that no longer exists, and then the venv is rebuilt.
script_python() { [[ -f "$VENV/bin/airflow" ]] && head -1 "$VENV/bin/airflow" | sed 's/^#!//'; }
if [[ -d "$VENV" ]] && ! [[ -x "$(script_python)" ]] && [[ -f "$VENV/bin/airflow" ]]; then
  echo "[airflow-setup] removing venv whose scripts start a missing $(script_python): $VENV"
  rm -rf "$VENV"
fi

if [[ -x "$VENV/bin/airflow" && -x "$(script_python)" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
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
# `python -m pip`, not bin/pip: the interpreter is what a venv certainly has. pipefail gives pip's status.
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$LOCK" 2>&1 \
  | { grep -v "is ignored: it is neither a file nor a directory" || true; }; then
  echo "[airflow-setup] pip install failed" >&2; exit 1
fi
"$VENV/bin/python" -c "import airflow, airflow.providers.standard${AIRFLOW_CHECK_IMPORTS:+, $AIRFLOW_CHECK_IMPORTS}" \
  || { echo "[airflow-setup] install failed" >&2; exit 1; }
[[ -x "$VENV/bin/airflow" ]] || { echo "[airflow-setup] no airflow binary after install" >&2; exit 1; }
echo "$want" > "$STAMP"
echo "[airflow-setup] installed in $(( $(date +%s) - start )) s: $("$VENV/bin/airflow" version 2>/dev/null || echo '?')"
