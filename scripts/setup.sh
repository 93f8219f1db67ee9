#!/usr/bin/env bash
# Shared set-up for ./dendrite and ./test: checks the SDK, installs the Debian packages Dendrite uses
# (when running as root; otherwise says what to install), and builds in Release when sources changed.
# Sourced, not run: it sets DENDRITE_ROOT and DENDRITE_CLI.
set -euo pipefail

export DENDRITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DENDRITE_CLI="$DENDRITE_ROOT/src/Dendrite.Cli/bin/Release/net10.0/Dendrite.Cli.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v dotnet >/dev/null 2>&1; then
    echo "dendrite: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
    exit 1
fi

# Debian packages: HDF5 (SHD/SSC and NIR files), Fashion-MNIST (the default dataset), OpenBLAS (benchmark baseline).
dendrite_packages=(libhdf5-103-1 dataset-fashion-mnist libopenblas0-openmp)
dendrite_missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for package in "${dendrite_packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            dendrite_missing+=("$package")
        fi
    done
fi
if [ "${#dendrite_missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "dendrite: installing Debian packages: ${dendrite_missing[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${dendrite_missing[@]}" >/dev/null
    else
        echo "dendrite: optional Debian packages missing: ${dendrite_missing[*]}" >&2
        echo "          install them with: sudo apt-get install ${dendrite_missing[*]}" >&2
    fi
fi

# Build when the Release binary is missing or any source or project file is newer than it.
if [ ! -f "$DENDRITE_CLI" ] || [ -n "$(find "$DENDRITE_ROOT/src" "$DENDRITE_ROOT/bench" "$DENDRITE_ROOT"/Directory.*.props \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$DENDRITE_CLI" -print -quit 2>/dev/null)" ]; then
    echo "dendrite: building (Release)..." >&2
    dotnet build "$DENDRITE_ROOT/src/Dendrite.Cli/Dendrite.Cli.csproj" -c Release -v q --nologo >&2
fi
