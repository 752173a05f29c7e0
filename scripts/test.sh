#!/usr/bin/env bash
# The one test command (README.md, .ci/run). On a fresh Debian machine it installs what the tests need, fetches the
# NDI test runtime into the ignored .cache/ folder, restores, builds and publishes outside the namespace, then runs
# the built tests inside a loopback-only network namespace (so NDI discovery never leaves the machine), writes TRX
# results to artifacts/test-results and ends with the line "N passed, N failed".
#
# Options: --filter EXPR passes a dotnet test filter through (e.g. --filter "FullyQualifiedName~Ndi").
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="$2"; shift 2 ;;
    *) echo "scripts/test.sh: unknown argument '$1' (known: --filter EXPR)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release
results="$repo/artifacts/test-results"
publish="$repo/artifacts/publish/sdbroadcast"

step() { printf '\n== %s\n' "$*"; }

# --- 1. Debian packages the tests need (the NDI runtime wants avahi; the namespace wants iproute2; slates want a font;
#        the web pages want a browser)
apt_packages=(libavahi-client3 iproute2 fonts-dejavu-core util-linux)
apt_packages+=(gcc) # the NDI layout tests compile a C program against the NDI headers
apt_packages+=(chromium) # browser tests drive Debian's Chromium through Playwright (never a downloaded browser)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

# --- 2. The NDI test runtime (real NDI 5.5.2 for Linux inside an npm package); only for tests, never committed/shipped
"$repo/scripts/fetch-ndi-test-runtime.sh"
ndi_runtime="$repo/.cache/ndi/grandiose-mac-0.0.6/package/lib/linux_x64"

# --- 3. Restore, build and publish outside the namespace (nothing can be restored in there)
step "restore and build ($configuration)"
dotnet tool restore # PowerShell 7.6.9 for the installer tests (.config/dotnet-tools.json)
dotnet build "$repo/StreamDiffusion.Broadcast.sln" -c "$configuration" -nologo -clp:ErrorsOnly
step "publish sdbroadcast"
dotnet publish "$repo/src/StreamDiffusion.Broadcast/StreamDiffusion.Broadcast.csproj" -c "$configuration" -o "$publish" --no-build -nologo -clp:ErrorsOnly

# --- 4. Run the built tests inside a loopback-only network namespace
rm -rf "$results"; mkdir -p "$results"
step "tests in a loopback-only network namespace"
# One test assembly at a time (-m:1): the end-to-end tests measure rates and hand-overs, and two cores shared with
# four other test hosts made them wait on the scheduler rather than on the product.
test_args=(test "$repo/StreamDiffusion.Broadcast.sln" -c "$configuration" --no-build --no-restore -m:1
  --logger "trx" --results-directory "$results" --blame-hang-timeout 10m)
[ -n "$filter" ] && test_args+=(--filter "$filter")
status=0
SDB_TEST_NDI_RUNTIME_DIR="$ndi_runtime" SDB_TEST_SDBROADCAST="$publish/sdbroadcast" \
  unshare --net -- bash -c 'ip link set lo up && exec "$@"' netns dotnet "${test_args[@]}" || status=$?

# The Video kernels again with instruction sets switched off, so the Vector128 and scalar paths run on this machine
# too (STYLE.md §2); same filter, TRX into the same folder so the summary counts them.
video_tests="$repo/tests/StreamDiffusion.Video.Tests/StreamDiffusion.Video.Tests.csproj"
for knob in DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0; do
  step "Video tests with $knob"
  video_args=(test "$video_tests" -c "$configuration" --no-build --no-restore
    --logger "trx;LogFileName=video-${knob%%=*}.trx" --results-directory "$results" --blame-hang-timeout 10m)
  [ -n "$filter" ] && video_args+=(--filter "$filter")
  env "$knob" unshare --net -- bash -c 'ip link set lo up && exec "$@"' netns dotnet "${video_args[@]}" || status=$?
done

# --- 5. The summary line, counted from the TRX files (dotnet test's own summary is per project)
passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); run=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(( ${total:-0} - ${run:-0} )) # xunit reports skipped tests as not executed
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0})); skipped=$((skipped + ${n:-0}))
done
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "scripts/test.sh: no test results were written to $results" >&2
  [ "$status" -ne 0 ] || status=1
fi
[ "$failed" -eq 0 ] || [ "$status" -ne 0 ] || status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
