#!/usr/bin/env bash
# Vendor the third-party static files that the repository ships, pinned and checked.
#
# axe-core is a test-only asset: the browser tests inject it with Playwright
# (page.add_script_tag(path=...)); no page template refers to it. Its files are committed,
# so installing sectorplan or running the tests needs no node and no network.
#
# To upgrade: set AXE_VERSION and AXE_SHA512 to the new version and its
# `npm view axe-core@<version> dist.integrity`, run `make vendor`, commit the result.
set -euo pipefail

AXE_VERSION="4.14.1"
AXE_SHA512="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/sectorplan/static/vendor/axe-core"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

TARBALL="$WORK/axe-core-$AXE_VERSION.tgz"
curl --fail --silent --show-error --location \
  "https://registry.npmjs.org/axe-core/-/axe-core-$AXE_VERSION.tgz" -o "$TARBALL"

# npm's "integrity" is sha512 in base64; compare the same form.
ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
if [[ "$ACTUAL" != "$AXE_SHA512" ]]; then
  echo "axe-core $AXE_VERSION: checksum $ACTUAL does not match the pinned $AXE_SHA512" >&2
  exit 1
fi

tar -xzf "$TARBALL" -C "$WORK" package/axe.min.js package/LICENSE package/package.json
mkdir -p "$DEST"
install -m 0644 "$WORK/package/axe.min.js" "$DEST/axe.min.js"
install -m 0644 "$WORK/package/LICENSE" "$DEST/LICENSE"
echo "$AXE_VERSION" > "$DEST/VERSION"
echo "axe-core $AXE_VERSION vendored in ${DEST#"$ROOT"/}"
