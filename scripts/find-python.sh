#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (3.13 preferred) and exit 0,
# or explain what is missing on stderr and exit 1.
# Each candidate is probed by RUNNING it: pyenv shims (e.g. python3.13) exist on
# PATH even for versions that are not active, and then fail when executed.
set -u

ok() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root 2>/dev/null)
    # Newest patch release first (sort -V -r); unmatched globs are dropped by ok().
    for minor in 3.13 3.12; do
        while read -r p; do candidates+=("$p"); done < <(ls -d "$root"/versions/"$minor".*/bin/python3 2>/dev/null | sort -V -r)
    done
fi
for name in python3.13 python3.12 python3; do
    p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done

for c in "${candidates[@]}"; do
    if ok "$c"; then echo "$c"; exit 0; fi
    [ "$c" = "${PYTHON:-}" ] && echo "find-python: \$PYTHON=$PYTHON is not a working Python >= 3.12; trying others" >&2
done

cat >&2 <<'MSG'
ERROR: no Python >= 3.12 found (3.13 preferred).
  Django 6 requires Python 3.12 or newer and refuses to install on 3.11.
  Tried: $PYTHON, pyenv versions 3.13.*/3.12.*, python3.13, python3.12, python3 on PATH.
  Install one, e.g.:
    pyenv install 3.13            (then re-run make)
    apt-get install python3.13 python3.13-venv   (where your distribution packages it)
  or point to an existing interpreter: make PYTHON=/path/to/python3.13 ...
MSG
exit 1
