#!/usr/bin/env bash
# Installs what Rehearse needs on a Debian machine with the .NET SDK, skipping whatever is already in place:
#
#   setup.sh run    Debian packages for running (espeak-ng, PostgreSQL, Node.js, OpenSSL; Python 3 and bubblewrap for
#                   the code runner), the npm packages, the models
#   setup.sh test   the same plus what the tests use (sox, Chromium, tmux)
#
# Idempotent and quiet when there is nothing to do. Needs root or sudo only when a Debian package is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mode="${1:-run}"

packages=(espeak-ng postgresql nodejs npm openssl python3 bubblewrap)
[ "$mode" = test ] && packages+=(sox chromium tmux)

# A package counts as present when its command is on the machine (PostgreSQL and Chromium may come from elsewhere
# than Debian) or dpkg has it installed. The code runner runs candidates' code with the interpreters in /usr/bin
# (the sandbox mounts only /usr, read-only), so a python3 or node elsewhere on PATH (pyenv, nvm) does not count.
present() {
  case "$1" in
    nodejs) [ -x /usr/bin/node ] ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    postgresql) command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ;;
    chromium) [ -x /usr/bin/chromium ] ;;
    python3) [ -x /usr/bin/python3 ] ;;
    bubblewrap) command -v bwrap >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 || dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for package in "${packages[@]}"; do
  present "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies from the lock files, reinstalled only when a lock file changed since the last install.
# (`npm install` rather than `npm ci`: the registry serves only some platforms' optional binaries, which leaves
# the lock file without them, and `npm ci` refuses such a lock.)
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.rehearse-lock.sha256" sum
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "setup: npm install in ${dir#"$repo"/}"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$sum" >"$stamp"
  fi
}
npm_ci "$repo/protos"
[ -f "$repo/clients/web/package-lock.json" ] && npm_ci "$repo/clients/web"

"$here/models.sh"
