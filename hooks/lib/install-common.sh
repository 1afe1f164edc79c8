# Shared by hooks/install-{libvirt,xapi,xl}.sh (bash; sourced, not run). Renders a launcher template with the cpupolicy
# command and settings written in (hypervisors run hooks with a minimal environment), installs it atomically and
# idempotently, and removes only files that carry the launcher marker.

HOOKS_SRC=$(cd "$(dirname "$0")" && pwd)
MARKER="cpupolicy-hook-launcher"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# One word in single quotes, safe for /bin/sh.
sh_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# Common options; each installer adds its own before calling parse_common.
ROOT="${DESTDIR:-}" UNINSTALL=0 CPUPOLICY_CMD="" BUNDLE="" MODE="" ON_ERROR=""
usage_common="  --root DIR          install under DIR (DESTDIR-style; also \$DESTDIR)
  --cpupolicy CMD     how to run cpupolicy, e.g. '/usr/bin/cpupolicy' or '/usr/bin/dotnet /opt/cpupolicy/cpupolicy.dll'
                      (default: cpupolicy on PATH, resolved to an absolute path)
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
    if [ -z "$CPUPOLICY_CMD" ]; then
      CPUPOLICY_CMD=$(command -v cpupolicy) || die "cpupolicy is not on PATH; give --cpupolicy CMD"
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

# install_file TEMPLATE TARGET: atomic (temp + rename in the target's directory), idempotent, mode 0755.
install_file() {
  template="$1" target="$2"
  dir=$(dirname "$target")
  mkdir -p "$dir"
  tmp="$dir/.$(basename "$target").cpupolicy.$$"
  render "$template" > "$tmp" || { rm -f "$tmp"; die "cannot write $tmp"; }
  chmod 0755 "$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
    echo "unchanged: $target"
    return 1
  fi
  if [ -e "$target" ] && ! grep -q "$MARKER" "$target"; then
    rm -f "$tmp"
    die "$target exists and is not cpupolicy's; move it away first"
  fi
  mv -f "$tmp" "$target"
  echo "installed: $target"
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
