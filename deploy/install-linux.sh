#!/usr/bin/env bash
# Installs, upgrades or uninstalls StreamDiffusion.Broadcast as a systemd service (docs/install.md).
#
# The script first computes a plan (numbered steps) from what it finds, prints it, and then executes it:
#   binaries in /opt/sdbroadcast (replaced on upgrade), the system user sdbroadcast, configuration and presets in
#   /etc/sdbroadcast (seeded only where absent, never overwritten), state in /var/lib/sdbroadcast, one API key (printed
#   once, only its SHA-256 stored in /etc/sdbroadcast/api-keys.json), the unit deploy/sdbroadcast.service, then
#   systemctl daemon-reload and enable --now.
#
# Usage: deploy/install-linux.sh [--source DIR] [--dry-run] [--uninstall [--purge]] [--root DIR]
#   --source DIR  a 'dotnet publish -r linux-x64' folder (default: artifacts/publish/sdbroadcast in this repository)
#   --dry-run     print the plan and change nothing (no root needed)
#   --uninstall   stop and disable the service, remove the unit and /opt/sdbroadcast; keeps /etc and /var/lib data
#   --purge       with --uninstall: also remove /etc/sdbroadcast, /var/lib/sdbroadcast and the sdbroadcast user
#   --root DIR    install into DIR as if it were / (for tests and image staging); needs SDB_INSTALL_DRY_COMMANDS=1
# Environment:
#   SDB_INSTALL_DRY_COMMANDS=1  print the system commands (useradd, usermod, userdel, chown, systemctl) instead of
#                               running them; file operations still happen (under --root). Used by the tests.
# Exit codes: 0 done; 1 a step failed (the message names it); 2 bad command line.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$script_dir/.." && pwd)"
service=sdbroadcast
user=sdbroadcast
ndi_download="https://ndi.video/"

source_dir="$repo/artifacts/publish/sdbroadcast"
root=""
dry_run=0
uninstall=0
purge=0
dry_commands="${SDB_INSTALL_DRY_COMMANDS:-0}"

usage() { sed -n '10,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }
fail_usage() { echo "install-linux.sh: $*" >&2; usage; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --source) [ $# -ge 2 ] || fail_usage "--source needs a folder"; source_dir="$2"; shift 2 ;;
    --root) [ $# -ge 2 ] || fail_usage "--root needs a folder"; root="${2%/}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) fail_usage "unknown argument '$1' (known: --source DIR, --dry-run, --uninstall, --purge, --root DIR)" ;;
  esac
done

[ "$purge" -eq 0 ] || [ "$uninstall" -eq 1 ] || fail_usage "--purge only applies with --uninstall (install never deletes station data)"
if [ -n "$root" ]; then
  [ -d "$root" ] || fail_usage "--root '$root' is not a folder; create it first"
  root="$(cd "$root" && pwd)"
  # A real systemctl or useradd would act on this machine, not on the folder: refuse rather than half-install.
  [ "$dry_commands" = "1" ] || [ "$dry_run" -eq 1 ] ||
    fail_usage "--root '$root' installs files only; set SDB_INSTALL_DRY_COMMANDS=1 so system commands are printed, not run"
fi

opt="$root/opt/sdbroadcast"
etc="$root/etc/sdbroadcast"
var="$root/var/lib/sdbroadcast"
unit="$root/etc/systemd/system/$service.service"
unit_source="$script_dir/$service.service"

# --- The plan: parallel arrays of kind, description and the command (quoted with printf %q, run with eval) -----------
step_kinds=(); step_texts=(); step_commands=(); step_shown=()
add_step() { # KIND DESCRIPTION [COMMAND ARGS...]
  local kind="$1" text="$2"; shift 2
  step_kinds+=("$kind"); step_texts+=("$text")
  if [ $# -gt 0 ]; then step_commands+=("$(printf '%q ' "$@")"); else step_commands+=(":"); fi
  if [ $# -gt 0 ] && [ "$1" = "sys" ]; then shift; step_shown+=("$*"); else step_shown+=(""); fi
}

# --- Actions (the only functions that change anything) ----------------------------------------------------------------
sys() { # a system command: printed under SDB_INSTALL_DRY_COMMANDS=1, run otherwise
  if [ "$dry_commands" = "1" ]; then echo "      + $*"; else "$@"; fi
}

install_binaries() { # SOURCE TARGET: copy beside, then swap, so a failed copy leaves the old binaries in place
  local src="$1" dst="$2"
  rm -rf "$dst.new" "$dst.old"
  mkdir -p "$dst.new" "$(dirname "$dst")"
  cp -a "$src/." "$dst.new/"
  chmod 0755 "$dst.new/sdbroadcast"
  if [ -d "$dst" ]; then mv "$dst" "$dst.old"; fi
  mv "$dst.new" "$dst"
  rm -rf "$dst.old"
}

seed_file() { # SOURCE TARGET: copy only if the target is absent; noclobber makes the write itself refuse to overwrite
  local src="$1" dst="$2"
  [ -e "$dst" ] && return 0
  ( set -C; umask 022; cat "$src" > "$dst" ) 2>/dev/null || [ -e "$dst" ]
}

write_api_key() { # PATH: a new key (256 random bits, base64url, 'sdb_' prefix); only its SHA-256 is stored
  local path="$1" key hash
  key="sdb_$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')"
  hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
  ( set -C; umask 027
    printf '{\n  "schemaVersion": 1,\n  "keys": [\n    { "name": "installer", "scope": "control", "sha256": "%s" }\n  ]\n}\n' "$hash" > "$path" )
  echo
  echo "  API key (shown once; only its hash is stored, keep it in your password manager):"
  echo "    $key"
  echo "  Send it as the X-Api-Key header. Scope: control."
  echo
}

install_unit() { # SOURCE TARGET: the unit is ours and replaced on upgrade (station changes go into drop-ins)
  mkdir -p "$(dirname "$2")"
  install -m 0644 "$1" "$2"
}

# --- Machine state (read only) ----------------------------------------------------------------------------------------
user_exists() {
  if [ -n "$root" ]; then grep -q "^$user:" "$root/etc/passwd" 2>/dev/null; else getent passwd "$user" >/dev/null; fi
}

find_ndi_runtime() { # prints the folder or file that holds libndi.so.6/.5, nothing when absent
  local dir lib
  for dir in "${NDI_RUNTIME_DIR_V6:-}" "${NDI_RUNTIME_DIR_V5:-}" "$source_dir" "$opt"; do
    [ -n "$dir" ] || continue
    for lib in libndi.so.6 libndi.so.5; do
      if [ -e "$dir/$lib" ]; then echo "$dir/$lib"; return 0; fi
    done
  done
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | awk '/libndi\.so\.[56] /{print $NF; exit}'
  fi
}

gpu_groups() { # the groups that give access to GPU device nodes on this distribution, comma separated
  local groups=() g
  for g in video render; do getent group "$g" >/dev/null 2>&1 && groups+=("$g"); done
  (IFS=,; echo "${groups[*]}")
}

# --- Plans --------------------------------------------------------------------------------------------------------------
plan_install() {
  [ -d "$source_dir" ] ||
    { echo "install-linux.sh: the publish folder '$source_dir' does not exist. Run 'dotnet publish src/StreamDiffusion.Broadcast -c Release -r linux-x64 -o DIR' and pass --source DIR." >&2; exit 1; }
  [ -f "$source_dir/sdbroadcast" ] ||
    { echo "install-linux.sh: '$source_dir' holds no 'sdbroadcast' executable; pass a linux-x64 publish folder with --source DIR." >&2; exit 1; }
  [ -f "$unit_source" ] || { echo "install-linux.sh: the unit '$unit_source' is missing beside this script." >&2; exit 1; }
  local upgrade=0 ndi groups rel
  [ -e "$opt/sdbroadcast" ] && upgrade=1

  ndi="$(find_ndi_runtime || true)"
  if [ -n "$ndi" ]; then add_step CheckNdiRuntime "NDI runtime found: $ndi"
  else add_step CheckNdiRuntime "WARNING: the NDI runtime (libndi.so.6) was not found; install the NDI SDK for Linux from $ndi_download (and avahi-daemon for discovery), then restart the service"
  fi
  if command -v nvidia-smi >/dev/null 2>&1; then add_step CheckGpu "NVIDIA driver present (nvidia-smi): the cuda and tensorrt providers can load"
  else add_step CheckGpu "No NVIDIA driver (nvidia-smi absent): the cuda and tensorrt providers will not load; cpu remains"
  fi

  if user_exists; then add_step KeepUser "Keep the existing system user $user"
  else
    add_step CreateUser "Create the system user $user (no login shell, home /var/lib/sdbroadcast)" \
      sys useradd --system --user-group --home-dir /var/lib/sdbroadcast --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  groups="$(gpu_groups)"
  [ -z "$groups" ] || add_step AddGpuGroups "Add $user to the GPU device groups ($groups)" sys usermod -aG "$groups" "$user"

  [ "$upgrade" -eq 0 ] || add_step StopService "Stop $service.service before its binaries are replaced" sys systemctl stop "$service.service"
  add_step CopyBinaries "$([ "$upgrade" -eq 1 ] && echo Replace || echo Copy) the binaries: $source_dir -> $opt" install_binaries "$source_dir" "$opt"
  add_step CreateFolders "Create $etc/presets, $var/models and $var/logs (existing ones are left as they are)" \
    mkdir -p "$etc/presets" "$var/models" "$var/logs"

  local shipped=()
  [ -f "$source_dir/appsettings.json" ] && shipped+=("appsettings.json")
  if [ -d "$source_dir/presets" ]; then
    while IFS= read -r rel; do shipped+=("presets/$rel"); done < <(cd "$source_dir/presets" && ls -1 -- *.json 2>/dev/null | LC_ALL=C sort)
  fi
  for rel in "${shipped[@]}"; do
    if [ -e "$etc/$rel" ]; then add_step KeepFile "Keep the station's $rel (never overwritten)"
    else add_step SeedFile "Seed $rel (absent)" seed_file "$source_dir/$rel" "$etc/$rel"
    fi
  done
  if [ -e "$etc/api-keys.json" ]; then add_step KeepFile "Keep the existing api-keys.json (no new key is generated)"
  else add_step WriteApiKey "Generate an API key (control scope), store its SHA-256 in $etc/api-keys.json and print the key once" write_api_key "$etc/api-keys.json"
  fi
  add_step SetOwnership "Give the user $user its state folder $var" \
    sys chown -R "$user:$user" "$var"
  add_step SetConfigGroup "Let the group $user read $etc (root-owned: the service never writes its own configuration)" \
    sys chown -R "root:$user" "$etc"
  add_step InstallUnit "Install the unit $unit (Type=notify, Restart=always, WatchdogSec=30)" install_unit "$unit_source" "$unit"
  add_step ReloadSystemd "Reload systemd's unit files" sys systemctl daemon-reload
  add_step EnableService "Enable $service.service at boot and start it now" sys systemctl enable --now "$service.service"
  plan_title="$([ "$upgrade" -eq 1 ] && echo Upgrade || echo Install) $service into $opt (configuration $etc, state $var)"
}

plan_uninstall() {
  if [ -e "$unit" ]; then
    add_step StopService "Stop $service.service and disable it at boot" sys systemctl disable --now "$service.service"
    add_step RemoveUnit "Remove the unit $unit" rm -f "$unit"
    add_step ReloadSystemd "Reload systemd's unit files" sys systemctl daemon-reload
  fi
  [ ! -e "$opt" ] || add_step RemoveBinaries "Remove the binaries in $opt" rm -rf "$opt"
  if [ "$purge" -eq 1 ]; then
    add_step RemoveData "Remove the configuration $etc and the state $var (presets, API keys, models, logs)" rm -rf "$etc" "$var"
    ! user_exists || add_step RemoveUser "Remove the system user $user" sys userdel "$user"
  else
    add_step KeepData "Keep $etc and $var (remove them with --uninstall --purge)"
  fi
  plan_title="Uninstall $service from $opt"
}

if [ "$uninstall" -eq 1 ]; then plan_uninstall; else plan_install; fi

print_step() { # INDEX
  printf '%2d. [%s] %s\n' "$(($1 + 1))" "${step_kinds[$1]}" "${step_texts[$1]}"
  [ "$dry_run" -eq 0 ] || [ -z "${step_shown[$1]}" ] || printf '      > %s\n' "${step_shown[$1]}"
}

if [ "$dry_run" -eq 1 ]; then
  echo "Dry run: $plan_title. Plan (${#step_kinds[@]} steps, nothing is changed):"
  for i in "${!step_kinds[@]}"; do print_step "$i"; done
  exit 0
fi

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install-linux.sh: run as root (sudo) to install a system service, or add --dry-run to only print the plan." >&2
  exit 1
fi

echo "$plan_title (${#step_kinds[@]} steps)"
for i in "${!step_kinds[@]}"; do
  print_step "$i"
  if ! eval "${step_commands[$i]}"; then
    echo "install-linux.sh: step $((i + 1)) [${step_kinds[$i]}] failed; fix the cause above and run the script again (it is safe to repeat)." >&2
    exit 1
  fi
done
if [ "$uninstall" -eq 0 ]; then
  echo "Done. Configuration: $etc/appsettings.json; logs: journalctl -u $service and $var/logs; status: systemctl status $service"
fi
