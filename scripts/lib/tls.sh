#!/usr/bin/env bash
# A local certificate authority, and a server certificate it issues for this machine's names, for HTTPS from
# scripts/run. Browsers allow the microphone only on https:// pages (or http://localhost), so a page opened from
# another machine must come over TLS.
#
#   tls.sh NAME...   make the authority (first time only) and a server certificate for NAME... (host names and IP
#                    addresses); print the directory holding them. The certificate is made again only when the
#                    names change, the authority changes, or it expires within 30 days.
#
# REHEARSE_TLS_DIR (default <repo>/.data/tls), readable by its owner only, holds ca.crt (what browsers and clients
# are told to trust), ca.key, server.crt and server.key.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(realpath -m "${REHEARSE_TLS_DIR:-$repo/.data/tls}")"
[ $# -gt 0 ] || { echo "usage: tls.sh NAME..." >&2; exit 2; }
command -v openssl >/dev/null || { echo "tls.sh: openssl is missing (scripts/lib/setup.sh installs it)" >&2; exit 1; }

mkdir -p "$dir"
chmod 700 "$dir"
umask 077

if [ ! -s "$dir/ca.crt" ] || [ ! -s "$dir/ca.key" ]; then
  echo "tls: making a local certificate authority in $dir" >&2
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -days 3650 \
    -subj "/CN=Rehearse local CA ($(hostname))" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  chmod 644 "$dir/ca.crt"
  rm -f "$dir/server.crt"
fi

san=""
for name in "$@"; do
  if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then entry="IP:$name"; else entry="DNS:$name"; fi
  [[ ",$san," == *",$entry,"* ]] || san="${san:+$san,}$entry"
done

if [ -s "$dir/server.crt" ] && [ -s "$dir/server.key" ] && [ "$(cat "$dir/server.names" 2>/dev/null)" = "$san" ] \
  && openssl x509 -checkend 2592000 -noout -in "$dir/server.crt" >/dev/null \
  && openssl verify -CAfile "$dir/ca.crt" "$dir/server.crt" >/dev/null 2>&1; then
  echo "$dir"
  exit 0
fi

echo "tls: making a server certificate for ${san//,/, }" >&2
# 397 days: the longest validity browsers accept for a server certificate.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -subj "/CN=$1" \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
  -days 397 -out "$dir/server.crt" -extfile <(printf '%s\n' \
    "subjectAltName=$san" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth") 2>/dev/null
rm -f "$dir/server.csr"
echo "$san" >"$dir/server.names"
echo "$dir"
