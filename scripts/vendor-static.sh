#!/usr/bin/env bash
# Vendor the third-party static files that the repository ships, pinned and checked.
#
# - NL Design System: the component CSS of the Utrecht community library (EUPL-1.2) and the
#   NL Design System example theme "voorbeeld" (EUPL-1.2), whose tokens every page's look
#   starts from; sectorplan/theme.css maps an installation's colours onto them.
# - axe-core (MPL-2.0) is a test-only asset: the browser tests inject it with Playwright
#   (page.add_script_tag(path=...)); no page template refers to it.
#
# The files are committed, so installing sectorplan or running the tests needs no node and no
# network. To upgrade a package: set its version and `npm view <package>@<version>
# dist.integrity` below, run `make vendor`, look at the pages, commit the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/sectorplan/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# vendor_npm <package> <version> <sha512 integrity> <destination folder> <file in package>...
vendor_npm() {
  local package="$1" version="$2" integrity="$3" dest="$VENDOR/$4"
  shift 4
  local tarball="$WORK/${package//\//_}-$version.tgz"
  curl --fail --silent --show-error --location \
    "https://registry.npmjs.org/$package/-/${package##*/}-$version.tgz" -o "$tarball"
  # npm's "integrity" is sha512 in base64; compare the same form.
  local actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "$package $version: checksum $actual does not match the pinned $integrity" >&2
    exit 1
  fi
  local unpacked="$WORK/${package//\//_}"
  mkdir -p "$unpacked"
  tar -xzf "$tarball" -C "$unpacked" "${@/#/package/}"
  rm -rf "$dest"
  mkdir -p "$dest"
  local file
  for file in "$@"; do install -m 0644 "$unpacked/package/$file" "$dest/${file##*/}"; done
  echo "$package@$version" > "$dest/VERSION"
  echo "$package $version vendored in ${dest#"$ROOT"/}"
}

vendor_npm @utrecht/component-library-css 9.0.4 \
  "sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA==" \
  utrecht dist/index.css LICENSE.md

vendor_npm @nl-design-system-unstable/voorbeeld-design-tokens 7.4.1 \
  "sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg==" \
  voorbeeld-theme dist/theme.css LICENSE.md

vendor_npm axe-core 4.14.1 \
  "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==" \
  axe-core axe.min.js LICENSE
