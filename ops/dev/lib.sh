# Shared helpers for the dev scripts. Sourced, not run.
set -euo pipefail

DOCCHAT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL_DIR="${DOCCHAT_LOCAL_DIR:-$DOCCHAT_ROOT/.local}"
mkdir -p "$LOCAL_DIR"

say() { printf '\033[1;34m[docchat]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[docchat]\033[0m %s\n' "$*" >&2; exit 1; }

java_feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }

# Finds a JDK >= 21: JAVA_HOME first, then the usual install places; exports JAVA_HOME and PATH.
find_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/opt/openjdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [[ -x "$d/bin/javac" ]] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" best_v=0 v
  for d in "${candidates[@]}"; do
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
    v="$(java_feature "$d")"; v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if (( v >= 21 && v > best_v )); then best="$d"; best_v=$v; fi
  done
  [[ -n "$best" ]] || die "DocChat needs a JDK 21 or newer (none found via JAVA_HOME or /usr/lib/jvm). Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) and set JAVA_HOME."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 && return
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing Maven from OS packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  else
    die "Maven (mvn) is required: install it (e.g. 'sudo apt-get install maven')."
  fi
}

MVN_FLAGS=(-B -ntp -q)
