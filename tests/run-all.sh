#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed".
# Installs what the tests need (Debian's chromium for the browser tests, prometheus for the Prometheus plugin, postgresql for the DbMigrations plugin,
# node and the pinned oidc-provider for the sign-in tests) when it can; otherwise says what is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
# Debian's prometheus: the Prometheus plugin's tests start their own server (the package does not start one here).
[ -x /usr/bin/prometheus ] || need_packages+=(prometheus)
# Debian's postgresql (15): the DbMigrations plugin's tests start the 15/main cluster themselves (pg_ctlcluster) and use a throwaway role.
command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /usr/lib/postgresql/15 ] || need_packages+=(postgresql)
# Node.js: the sign-in tests run a real OpenID provider (npm oidc-provider, tests/oidc-provider).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need_packages+=(nodejs npm)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need_packages[*]} for the tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null \
      || { echo "Could not install ${need_packages[*]} with apt-get; install them and run again."; exit 1; }
  else
    echo "Missing: ${need_packages[*]}. Install them (e.g. sudo apt-get install -y ${need_packages[*]}) and run again."
    exit 1
  fi
fi

# The test OpenID provider's packages, exactly as locked; again only when the lock file changed since the last install.
oidc_dir=tests/oidc-provider
if [ ! -f "$oidc_dir/node_modules/.package-lock.json" ] || [ "$oidc_dir/package-lock.json" -nt "$oidc_dir/node_modules/.package-lock.json" ]; then
  echo "Installing the test OpenID provider (npm ci in $oidc_dir)…"
  (cd "$oidc_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || { echo "Could not install $oidc_dir with npm ci; run it there and run again."; exit 1; }
fi

log=$(mktemp)
echo "Building…"
if ! dotnet build PortalRelease.sln -c Debug -nologo -v q >"$log" 2>&1; then
  cat "$log"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "Testing…"
dotnet test PortalRelease.sln -c Debug --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The plugin author kit, used the way an outside author uses it: pack the SDK (versioned by its content, so no
# stale package is ever restored), then test the plugin samples and the dotnet-new template against the packages.
echo "Packing the SDK; testing plugins-samples and the portal-driver template…"
if sdk_version=$(bash tests/pack-sdk.sh | tail -n 1) && [ -n "$sdk_version" ]; then
  dotnet test plugins-samples/PluginsSamples.sln -c Debug -nologo -p:PortalReleaseSdkVersion="$sdk_version" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  bash tests/template-smoke.sh "$sdk_version" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - packing PortalRelease.Sdk (tests/pack-sdk.sh)" | tee -a "$log"
  status=1
fi

# dotnet test prints one summary line per test assembly: "Passed!  - Failed: 0, Passed: 80, Skipped: 0, …".
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)!' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A crashed test host or a build problem: count it as a failure so the total never hides it.
  failed=1
fi
echo "Test assemblies: $assemblies"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
