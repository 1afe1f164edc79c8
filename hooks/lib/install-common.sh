# Shared by hooks/install-{libvirt,xapi,xl}.sh (bash; sourced, not run). Renders a launcher template with the cpupolicy
# command and settings written in (hypervisors run hooks with a minimal environment), installs it atomically and
# idempotently, and removes only files that carry the launcher marker. The hooks run as root and act only on files
# only root can change (docs/security.md), so every install also gives the launcher, its folder, the bundle's folder
# and the bundle (when there) owner root:root and modes 0755/0755/0755/0644, one line each, repairing any drift.

HOOKS_SRC=$(cd "$(dirname "$0")" && pwd)
MARKER="cpupolicy-hook-launcher"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# One word in single quotes, safe for /bin/sh.
sh_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# The native hook that `scripts/publish.sh /usr/local/lib/cpupolicy` builds: the hooks' default command.
DEFAULT_HOOK=/usr/local/lib/cpupolicy/cpupolicy-hook
DEFAULT_BUNDLE=/etc/cpupolicy/bundle.json
# Set to 1 by an installer whose launcher runs more than `hook ...` (the xl wrapper runs `apply xl`): the default
# command is then the full cpupolicy on PATH.
NEEDS_CLI=0

# Common options; each installer adds its own before calling parse_common.
ROOT="${DESTDIR:-}" UNINSTALL=0 CPUPOLICY_CMD="" BUNDLE="" MODE="" ON_ERROR=""
usage_common="  --root DIR          install under DIR (DESTDIR-style; also \$DESTDIR)
  --cpupolicy CMD     how to run cpupolicy, e.g. '/usr/bin/cpupolicy' or '/usr/bin/dotnet /opt/cpupolicy/cpupolicy.dll'
                      (default: the native hook $DEFAULT_HOOK; for the xl wrapper, cpupolicy on PATH)
  --bundle PATH       the compiled bundle.json (default: /etc/cpupolicy/bundle.json)
  --mode MODE         enforce or advise (default: the bundle's setting)
  --on-error ACTION   allow or refuse (default: the bundle's setting)
  --uninstall         remove the installed file (only if it is cpupolicy's)"

parse_common() {
  case "$1" in
    --root) ROOT="$2"; return 2 ;;
    --cpupolicy) CPUPOLICY_CMD="$2"; return 2 ;;
    --bundle) BUNDLE="$2"; return 2 ;;
    --mode) MODE="$2"; return 2 ;;
    --on-error) ON_ERROR="$2"; return 2 ;;
    --uninstall) UNINSTALL=1; return 1 ;;
    *) return 0 ;;
  esac
}

check_settings() {
  case "$MODE" in "" | enforce | advise) ;; *) die "--mode must be enforce or advise" ;; esac
  case "$ON_ERROR" in "" | allow | refuse | fail-open | fail-closed) ;; *) die "--on-error must be allow or refuse" ;; esac
  if [ "$UNINSTALL" = 0 ]; then
    if [ -z "$CPUPOLICY_CMD" ] && [ "$NEEDS_CLI" = 1 ]; then
      CPUPOLICY_CMD=$(command -v cpupolicy) || die "cpupolicy is not on PATH; give --cpupolicy CMD"
    elif [ -z "$CPUPOLICY_CMD" ]; then
      CPUPOLICY_CMD=$DEFAULT_HOOK
      [ -x "$ROOT$DEFAULT_HOOK" ] || echo "note: $ROOT$DEFAULT_HOOK is not there yet: run scripts/publish.sh $(dirname "$DEFAULT_HOOK")"
    fi
    set -- $CPUPOLICY_CMD
    case "$1" in /*) ;; *) die "--cpupolicy must start with an absolute path (hooks run with a minimal PATH): $1" ;; esac
  fi
}

# Fills @EXEC@ (every word of the cpupolicy command, quoted) and @SETTINGS@.
render() {
  template="$1"
  set -- $CPUPOLICY_CMD
  exec_words=""
  for w in "$@"; do exec_words="$exec_words $(sh_quote "$w")"; done
  exec_words="${exec_words# }"
  settings="# Settings written by $(basename "$0") (libvirt and xenopsd run hooks with a minimal environment); a value set in the environment wins."
  [ -n "$BUNDLE" ] && settings="$settings
[ -n \"\${CPUPOLICY_BUNDLE:-}\" ] || CPUPOLICY_BUNDLE=$(sh_quote "$BUNDLE"); export CPUPOLICY_BUNDLE"
  [ -n "$MODE" ] && settings="$settings
[ -n \"\${CPUPOLICY_MODE:-}\" ] || CPUPOLICY_MODE=$(sh_quote "$MODE"); export CPUPOLICY_MODE"
  [ -n "$ON_ERROR" ] && settings="$settings
[ -n \"\${CPUPOLICY_ON_ERROR:-}\" ] || CPUPOLICY_ON_ERROR=$(sh_quote "$ON_ERROR"); export CPUPOLICY_ON_ERROR"
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$line" = "@SETTINGS@" ]; then
      printf '%s\n' "$settings"
    else
      printf '%s\n' "${line//@EXEC@/"$exec_words"}"
    fi
  done < "$template"
}

# secure PATH MODE [new]: owner root:root (when run as root) and exactly MODE; one line saying what it set or kept.
secure() {
  path="$1" mode="$2" new="${3:-}"
  before=$(stat -c '%U:%G %#a' "$path")
  if [ "$(id -u)" = 0 ]; then
    chown root:root "$path"
  fi
  chmod "$mode" "$path"
  after=$(stat -c '%U:%G %#a' "$path")
  if [ -n "$new" ]; then
    echo "set: $path $after (new)"
  elif [ "$before" = "$after" ]; then
    echo "kept: $path $after"
  else
    echo "set: $path $after (was $before)"
  fi
}

# secure_dir DIR: creates DIR (and missing parents, as root:root 0755) and secures DIR itself.
secure_dir() {
  dir="$1" new=""
  [ -e "$dir" ] || new=new
  (umask 022 && mkdir -p "$dir")
  secure "$dir" 00755 $new
}

# secure_bundle: the bundle's folder (created when missing) and the bundle itself, when installed; the hooks refuse
# a bundle that others can change (CP0620). Folders above it are the admin's: `cpupolicy hook check` names them.
# Only a folder that is cpupolicy's (the default one, one named *cpupolicy*, or one this run creates) is changed;
# any other (say /srv, or a sticky /tmp) is left as it is, with a line saying so.
secure_bundle() {
  bundle="$ROOT${BUNDLE:-$DEFAULT_BUNDLE}"
  dir=$(dirname "$bundle")
  if [ ! -e "$dir" ] || [ "$dir" = "$ROOT$(dirname "$DEFAULT_BUNDLE")" ] || { case "$(basename "$dir")" in *cpupolicy*) [ ! -k "$dir" ] ;; *) false ;; esac; }; then
    secure_dir "$dir"
  else
    echo "left alone: $dir (not cpupolicy's folder; \`cpupolicy hook check\` says whether the hooks trust it)"
  fi
  if [ -f "$bundle" ]; then
    secure "$bundle" 00644
  else
    echo "no bundle yet: install the compiled bundle.json as $bundle (root:root 0644)"
  fi
}

# install_file TEMPLATE TARGET: atomic (temp + rename in the target's directory), idempotent, root:root 0755, and
# the folder root:root 0755; re-running repairs owners and modes that drifted.
install_file() {
  template="$1" target="$2"
  dir=$(dirname "$target")
  secure_dir "$dir"
  tmp="$dir/.$(basename "$target").cpupolicy.$$"
  render "$template" > "$tmp" || { rm -f "$tmp"; die "cannot write $tmp"; }
  chmod 0755 "$tmp"
  if [ "$(id -u)" = 0 ]; then
    chown root:root "$tmp"
  fi
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
    echo "unchanged: $target"
    secure "$target" 00755
    return 1
  fi
  if [ -e "$target" ] && ! grep -q "$MARKER" "$target"; then
    rm -f "$tmp"
    die "$target exists and is not cpupolicy's; move it away first"
  fi
  mv -f "$tmp" "$target"
  echo "installed: $target"
  secure "$target" 00755 new
  return 0
}

uninstall_file() {
  target="$1"
  if [ ! -e "$target" ]; then
    echo "not installed: $target"
  elif grep -q "$MARKER" "$target"; then
    rm -f "$target"
    echo "removed: $target"
  else
    die "$target is not cpupolicy's; left alone"
  fi
}

# explain_mode libvirt|xapi|xl: after an install, what the installed hook does in its mode, which VMs it manages,
# and how to change it. The mode is --mode, else the bundle's setting (when the bundle is there), else enforce; a
# CPUPOLICY_MODE in the hook's environment still wins at run time.
explain_mode() {
  kind="$1"
  bundle="$ROOT${BUNDLE:-$DEFAULT_BUNDLE}"
  if [ -n "$MODE" ]; then
    mode="$MODE" from="--mode $MODE"
  elif [ -f "$bundle" ] && grep -Eq '"mode"[[:space:]]*:[[:space:]]*"advise"' "$bundle"; then
    mode=advise from="the bundle's setting"
  elif [ -f "$bundle" ]; then
    mode=enforce from="the bundle's setting"
  else
    mode=enforce from="the default"
  fi
  case "$kind" in
    libvirt)
      enforce="libvirt refuses to start a managed VM whose <cpu> breaks its profile (the hook exits 3), and gives a VM that arrives by migration or restore its profile's <cpu>"
      advise="the same checks, logged to syslog (tag cpupolicy); no start is refused, no <cpu> rewritten" ;;
    xapi)
      enforce="XAPI vetoes the start of a managed VM whose platform:featureset is not its profile's"
      advise="the same checks, logged to syslog (tag cpupolicy); no start is vetoed" ;;
    xl)
      enforce="\`cpupolicy-xl create VM.cfg\` writes a managed VM's profile into the cpuid= of its config before xl starts it"
      advise="\`cpupolicy-xl create\` logs what it would write and changes no config" ;;
  esac
  echo "mode: $mode ($from)"
  if [ "$mode" = enforce ]; then
    echo "  enforce: $enforce"
  else
    echo "  advise: $advise"
  fi
  echo "  managed VMs: those a \`vm \"GLOB\" uses PROFILE\` rule of the policy names; a VM no rule names is left alone"
  echo "  (started as it is), unless the policy has a \`default uses PROFILE\` rule: then every VM is managed"
  if [ "$kind" = xapi ]; then
    echo "  a managed VM without platform:featureset is vetoed until \`cpupolicy apply xapi\` has set it and the VM has"
    echo "  been cold-restarted (shut down, then started); \`cpupolicy apply xapi\` prints the xe commands, --run runs them"
  fi
  if [ "$mode" = enforce ]; then
    echo "  to try it first: re-run with --mode advise, watch the log (journalctl -t cpupolicy), then re-run with --mode enforce"
  else
    echo "  to enforce: re-run with --mode enforce"
  fi
  echo "  other settings: --on-error allow|refuse (what a hook that cannot decide does), --bundle PATH; see docs/hooks-$kind.md"
}
