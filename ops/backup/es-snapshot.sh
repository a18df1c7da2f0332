#!/usr/bin/env bash
# Elasticsearch snapshots by hand (the schedule is the SLM policy docchat-nightly that ops/elastic-setup creates;
# this script is for a snapshot before an upgrade, and for restores).
#   es-snapshot.sh create [NAME]        snapshot the index family (+ analytics) now, waiting for completion
#   es-snapshot.sh list
#   es-snapshot.sh restore NAME         restore the versions and their aliases (the live ones must be gone:
#                                       delete them first, or restore under a rename, see ops/DEPLOY.md)
# ES_URL, ES_USER (default elastic), ES_PASSWORD, optional ES_CA; repository SNAPSHOT_REPOSITORY (default
# docchat-backups); DOCCHAT_INDEX (default docchat-chunks). Credentials are read by curl from stdin.
set -euo pipefail
: "${ES_URL:?es-snapshot: ES_URL is not set}" "${ES_PASSWORD:?es-snapshot: ES_PASSWORD is not set}"
REPO="${SNAPSHOT_REPOSITORY:-docchat-backups}"
PREFIX="${DOCCHAT_INDEX:-docchat-chunks}"
es() {
  local method=$1 path=$2 body=${3:-} tls=() out status
  [[ -n "${ES_CA:-}" ]] && tls=(--cacert "$ES_CA")
  out=$(curl -sS "${tls[@]}" -K - -X "$method" -H 'Content-Type: application/json' \
      --data-binary @<(printf '%s' "$body") -w '\n%{http_code}' "$ES_URL$path" \
      <<<"user = \"${ES_USER:-elastic}:${ES_PASSWORD//\"/\\\"}\"")
  status=${out##*$'\n'}
  [[ "$status" -lt 300 ]] || { echo "es-snapshot: $method $path answered $status: ${out%$'\n'*}" >&2; exit 1; }
  printf '%s\n' "${out%$'\n'*}"
}
case "${1:-}" in
  create)
    name="${2:-manual-$(date -u +%Y%m%dt%H%M%Sz)}"
    es PUT "/_snapshot/$REPO/$name?wait_for_completion=true" \
      "{\"indices\": \"$PREFIX*,${DOCCHAT_ANALYTICS_INDEX:-docchat-analytics*}\", \"include_global_state\": false, \"ignore_unavailable\": true}" >/dev/null
    echo "es-snapshot: created $REPO/$name" ;;
  list) es GET "/_cat/snapshots/$REPO?v&s=end_epoch" ;;
  restore)
    name=${2:?usage: es-snapshot.sh restore NAME}
    es POST "/_snapshot/$REPO/$name/_restore?wait_for_completion=true" \
      "{\"indices\": \"$PREFIX*\", \"include_aliases\": true, \"include_global_state\": false}" >/dev/null
    echo "es-snapshot: restored $REPO/$name" ;;
  *) echo "usage: $0 create [NAME] | list | restore NAME" >&2; exit 2 ;;
esac
