#!/usr/bin/env bash
# Runs the benchmarks (never part of scripts/test.sh). OpenCvSharp's Linux runtime needs Debian's libgtk-3-0.
# Usage: bench/run.sh [BenchmarkDotNet args, default: --filter '*']
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! dpkg-query -W -f='${Status}' libgtk-3-0 2>/dev/null | grep -q "install ok installed"; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libgtk-3-0
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ $# -gt 0 ] || set -- --filter '*'
# Reports go under the ignored artifacts/ folder, not the working directory.
[ "$1" = "--quick" ] || set -- "$@" --artifacts "$repo/artifacts/benchmarks"
dotnet run -c Release --project "$repo/bench/StreamDiffusion.Bench" -- "$@"
