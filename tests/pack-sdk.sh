#!/usr/bin/env bash
# Packs PortalRelease.Sdk, PortalRelease.Sdk.Testing and the dotnet-new template package into the local feed
# artifacts/packages/, versioned by the content of their sources (1.0.0-local-<hash>): a changed SDK gets a new
# version, so no NuGet cache ever serves a stale package. Prints the version on its last line and writes it to
# artifacts/packages/PortalRelease.Sdk.version (read by plugins-samples/ and the template smoke test).
# ARTIFACTS_PATH (default artifacts/) is where the projects build.
set -euo pipefail
cd "$(dirname "$0")/.."
feed=artifacts/packages
artifacts=${ARTIFACTS_PATH:-$PWD/artifacts}
mkdir -p "$feed"

hash=$( { find src/Sdk src/Sdk.Testing src/Sdk.Templates -type f \
            -not -path '*/bin/*' -not -path '*/obj/*' -not -name '*.user' 2>/dev/null | LC_ALL=C sort;
          echo Directory.Build.props Directory.Packages.props; } \
        | xargs cat | sha256sum | cut -c1-12)
version="1.0.0-local-$hash"

if [ ! -f "$feed/PortalRelease.Sdk.$version.nupkg" ] || [ ! -f "$feed/PortalRelease.Sdk.Testing.$version.nupkg" ] \
   || [ ! -f "$feed/PortalRelease.Sdk.Templates.$version.nupkg" ]; then
  for project in src/Sdk/PortalRelease.Sdk.csproj src/Sdk.Testing/PortalRelease.Sdk.Testing.csproj src/Sdk.Templates/PortalRelease.Sdk.Templates.csproj; do
    dotnet pack "$project" -c Release -nologo -v q -o "$feed" -p:Version="$version" -p:ArtifactsPath="$artifacts" >&2
  done
fi
# Written last and atomically: a reader never sees a version whose packages are not in the feed yet.
echo "$version" > "$feed/PortalRelease.Sdk.version.tmp.$$" && mv "$feed/PortalRelease.Sdk.version.tmp.$$" "$feed/PortalRelease.Sdk.version"
echo "$version"
