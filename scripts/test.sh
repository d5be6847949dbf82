#!/usr/bin/env bash
# The test command: installs what it needs, starts the services the tests use, runs every test.
# Usage: scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
if [ -x scripts/services.sh ]; then
  scripts/services.sh start
fi
export OMP_THREAD_LIMIT=1
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
rc=$?
set -e
if [ -x scripts/services.sh ]; then scripts/services.sh stop || true; fi
exit $rc
