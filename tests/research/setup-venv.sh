#!/bin/sh
# Creates (once) the Python environment the research reader check uses: pydicom and SimpleITK
# from PyPI, so the exported dataset is read by standard readers other than Cassette's own.
# Prints the environment's python. Usage: tests/research/setup-venv.sh
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/node_modules/.cache/research-venv"
if ! "$venv/bin/python" -c 'import pydicom, SimpleITK, numpy' >/dev/null 2>&1; then
	python=$(command -v /usr/bin/python3 || command -v python3)
	"$python" -m venv "$venv" >&2
	"$venv/bin/pip" install --disable-pip-version-check -q 'pydicom>=3,<4' 'SimpleITK>=2.3,<3' 'numpy>=1.26' >&2
fi
echo "$venv/bin/python"
