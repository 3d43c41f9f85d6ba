#!/usr/bin/env bash
# The dotnet-new template, end to end, the way an author uses it: installs the packed template package into a
# throw-away template hive, creates a plugin from it, runs the generated conformance tests against the locally
# packed SDK packages, and publishes the plugin checking that no copy of the SDK lands beside it.
# Prints dotnet test's own "Passed!/Failed!" line; a step failing before the tests prints a "Failed!" line of
# its own, so tests/run-all.sh counts it.
# Usage: bash tests/template-smoke.sh [version]   (default: the version tests/pack-sdk.sh last packed)
set -uo pipefail
cd "$(dirname "$0")/.."
feed=$PWD/artifacts/packages
version=${1:-$(cat "$feed/PortalRelease.Sdk.version")}
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-template-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

fail() {
  echo "Template smoke test failed: $1"
  echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - template smoke test (portal-driver)"
  exit 1
}

hive=$work/hive
dotnet new install "$feed/PortalRelease.Sdk.Templates.$version.nupkg" --debug:custom-hive "$hive" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "dotnet new install"; }
dotnet new portal-driver -n Smoke.Fleet --kind smoke-fleet --feed "$feed" -o "$work/Smoke.Fleet" --debug:custom-hive "$hive" >"$work/new.log" 2>&1 \
  || { cat "$work/new.log"; fail "dotnet new portal-driver"; }

generated=$work/Smoke.Fleet
grep -rqE 'Acme|my-target|PORTALRELEASE_' "$generated" && fail "template placeholders left in the generated files: $(grep -rlE 'Acme|my-target|PORTALRELEASE_' "$generated" | tr '\n' ' ')"
grep -q '"targetKinds": \["smoke-fleet"\]' "$generated/src/Smoke.Fleet/plugin.json" || fail "plugin.json does not declare the kind smoke-fleet"
grep -q "<PortalReleaseSdkVersion>$version</PortalReleaseSdkVersion>" "$generated/Directory.Build.props" || fail "the generated project does not reference SDK $version"

# The generated tests: the SDK's conformance suite against the generated driver.
dotnet test "$generated/tests/Smoke.Fleet.Tests" -nologo 2>&1 | tee "$work/test.log"
test_status=${PIPESTATUS[0]}
grep -qE '^(Passed|Failed)!' "$work/test.log" || fail "the generated test project did not build or run"

dotnet publish "$generated/src/Smoke.Fleet" -c Release -nologo -o "$work/plugins/Smoke.Fleet" >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; fail "dotnet publish of the generated plugin"; }
[ -f "$work/plugins/Smoke.Fleet/plugin.json" ] && [ -f "$work/plugins/Smoke.Fleet/Smoke.Fleet.dll" ] || fail "the published plugin lacks plugin.json or its assembly"
[ -e "$work/plugins/Smoke.Fleet/PortalRelease.Sdk.dll" ] && fail "the published plugin carries a copy of PortalRelease.Sdk.dll (it must be ExcludeAssets=runtime)"
echo "Template smoke test: installed, generated, tested and published Smoke.Fleet against SDK $version."
exit "$test_status"
