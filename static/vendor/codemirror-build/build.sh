#!/bin/sh
# Rebuild static/vendor/codemirror-<view version>.min.js from the pinned npm packages.
# Run from a temporary folder outside the repository: sh <repo>/static/vendor/codemirror-build/build.sh <repo>
set -eu
repo=${1:?give the repository path}
cp "$repo/static/vendor/codemirror-build/package.json" "$repo/static/vendor/codemirror-build/package-lock.json" \
   "$repo/static/vendor/codemirror-build/entry.js" .
npm ci --no-audit --no-fund
version=$(node -p 'require("./node_modules/@codemirror/view/package.json").version')
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=CM --target=es2020 \
  --legal-comments=none --outfile="codemirror-$version.min.js"
sha256sum "codemirror-$version.min.js"
