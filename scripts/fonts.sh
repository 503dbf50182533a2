#!/usr/bin/env bash
# Reproduces src/main/resources/static/fonts/ from the npm registry (docs/design.md, "Fonts").
# Noto Sans Arabic (Arabic script) and Noto Sans (Latin), SIL Open Font License 1.1, as packaged by
# Fontsource. Only the woff2 subsets the pages use: arabic and latin, regular (400) and bold (700).
# Every download is checked against the sha256 recorded here; a changed tarball stops the script.
set -euo pipefail

cd "$(dirname "$0")/.."
out=src/main/resources/static/fonts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  sha256 of the tarball npm serves
packages=(
  "@fontsource/noto-sans-arabic@5.3.0 e0a81ade67ce507c9b91546ca3d91332d184a8277fc683440b00896b430856bb"
  "@fontsource/noto-sans@5.3.0 f62f8ed40e378f15134e32bed2fd5718d81e9ec7a5603d1022d7b385e2297abc"
)

mkdir -p "$out"
for entry in "${packages[@]}"; do
  read -r package sum <<<"$entry"
  (cd "$work" && npm pack --silent "$package" >/dev/null)
  tarball=$(ls -t "$work"/*.tgz | head -1)
  echo "$sum  $tarball" | sha256sum --check --quiet
  dir="$work/$(basename "$tarball" .tgz)"
  mkdir -p "$dir" && tar xzf "$tarball" -C "$dir"
  case "$package" in
    *noto-sans-arabic*)
      cp "$dir"/package/files/noto-sans-arabic-arabic-{400,700}-normal.woff2 "$out"/
      cp "$dir"/package/LICENSE "$out"/OFL-noto-sans-arabic.txt ;;
    *)
      cp "$dir"/package/files/noto-sans-latin-{400,700}-normal.woff2 "$out"/
      cp "$dir"/package/LICENSE "$out"/OFL-noto-sans.txt ;;
  esac
  rm "$tarball"
done

# The files themselves, so a reviewer can compare the committed copies without the network.
(cd "$out" && sha256sum --check --quiet SHA256SUMS)
echo "fonts in $out match SHA256SUMS"
