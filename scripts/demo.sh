#!/bin/sh
# npm run demo: simulate the collector mission of data/demo/mission.yaml (seeded, so the same
# every time), then replay the collector's INS and pressure logs against the published CCZ zones
# and the demonstration rules, printing the events with their severity and a summary. The
# mission file's ground truth lists the violations it must raise; test/demo.test.ts checks them.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/deepseaguard-demo.XXXXXX")
trap 'rm -rf "$out"' EXIT

node dist/agent/cli/main.js sim run data/demo/mission.yaml --seed 1 --stamp --out "$out"
echo
node dist/agent/cli/main.js replay \
  "$out/collector-1-ins.nmea" "$out/collector-1-pressure.nmea" \
  --zones data/zones/ccz-contracts.geojson --zones data/zones/ccz-apei.geojson \
  --rules data/demo/rules.yaml --vehicle collector-1 --agent nori-collector-1
