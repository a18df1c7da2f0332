#!/usr/bin/env bash
# Creates DocChat's Elasticsearch roles and users (least privilege). Idempotent: re-running updates roles and
# passwords. Run once per deployment by the compose service `es-users` and the Kubernetes Job `es-setup`
# (ops/k8s/es-setup-job.yaml); tested against a secured local node by ops/check/elastic-roles.
#
#   ES_URL                  https://elasticsearch:9200
#   ES_CA                   CA certificate file for ES_URL (optional; none for plain http)
#   ELASTIC_PASSWORD        the superuser's password: used only here, by no application
#   CHAT_ES_PASSWORD        user docchat_chat      (chat-server: reads the alias)
#   INDEXER_ES_PASSWORD     user docchat_indexer   (batch-indexer: manages its own index family)
#   FILEBEAT_ES_PASSWORD    user docchat_filebeat  (Filebeat: writes the log data stream)
#   KIBANA_IMPORT_PASSWORD  user docchat_kibana_import (imports ops/kibana's saved objects)
#   KIBANA_PASSWORD         optional: sets the built-in kibana_system user's password
#   DOCCHAT_INDEX           index prefix (default docchat-chunks): versions are {prefix}-v{N}, the aliases {prefix}*
#   DOCCHAT_ANALYTICS_INDEX pattern chat-server may append analytics events to (default docchat-analytics*)
#   CHAT_INSTALLS_ANALYTICS_TEMPLATE  true (default, as chat-server's DOCCHAT_ANALYTICS_INSTALL_TEMPLATE): chat-server
#                           also gets docchat_analytics_installer (manage_index_templates, manage_ilm) to put the
#                           analytics data stream's template and lifecycle policy at start; false when an operator
#                           installs them once (then chat-server has no cluster write privilege at all)
#   SNAPSHOT_LOCATION       optional: a folder under the node's path.repo; registers the filesystem snapshot
#                           repository docchat-backups and the SLM policy docchat-nightly (backups, ops/backup/)
#   SNAPSHOT_SCHEDULE       SLM cron (default 0 30 1 * * ?: 01:30 every day), SNAPSHOT_RETENTION (default 30d)
#
# Secrets never reach a command line: curl reads the credentials and the request bodies from stdin/here-docs.
# A missing variable stops the script with one line naming it.
set -euo pipefail

fail() { echo "es-setup: $*" >&2; exit 1; }
for v in ES_URL ELASTIC_PASSWORD CHAT_ES_PASSWORD INDEXER_ES_PASSWORD FILEBEAT_ES_PASSWORD KIBANA_IMPORT_PASSWORD; do
  [[ -n "${!v:-}" ]] || fail "$v is not set"
done
PREFIX="${DOCCHAT_INDEX:-docchat-chunks}"
ANALYTICS="${DOCCHAT_ANALYTICS_INDEX:-docchat-analytics*}"

# A JSON (and curl config) string literal: backslashes and quotes escaped.
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

# es METHOD PATH [BODY] : one request as elastic; prints the body, fails on a status >= 300.
es() {
  local method=$1 path=$2 body=${3:-}
  local tls=()
  [[ -n "${ES_CA:-}" ]] && tls=(--cacert "$ES_CA")
  local out status
  out=$(curl -sS "${tls[@]}" -K - -X "$method" -H 'Content-Type: application/json' \
      --data-binary @<(printf '%s' "$body") -w '\n%{http_code}' "$ES_URL$path" \
      <<<"user = $(json_string "elastic:${ELASTIC_PASSWORD}")") || fail "$method $path: cannot reach $ES_URL"
  status=${out##*$'\n'}
  [[ "$status" -lt 300 ]] || fail "$method $path answered $status: ${out%$'\n'*}"
}

echo "es-setup: waiting for $ES_URL"
for _ in $(seq 1 120); do
  if es GET /_security/_authenticate 2>/dev/null; then break; fi
  sleep 5
done
es GET /_security/_authenticate

# chat-server: search the alias and read its mapping/_meta (revision, model) and settings; cluster health for
# its health indicator. No write, no delete, no index management.
es PUT /_security/role/docchat_chat_reader "{
  \"cluster\": [\"monitor\"],
  \"indices\": [
    {\"names\": [\"$PREFIX*\"], \"privileges\": [\"read\", \"view_index_metadata\"]},
    {\"names\": [\"$ANALYTICS\"], \"privileges\": [\"create_doc\", \"auto_configure\", \"view_index_metadata\"]}
  ]
}"

# Only when chat-server installs its analytics template and lifecycle policy itself (see above).
es PUT /_security/role/docchat_analytics_installer '{"cluster": ["manage_index_templates", "manage_ilm"]}'
CHAT_ROLES='"docchat_chat_reader"'
[[ "${CHAT_INSTALLS_ANALYTICS_TEMPLATE:-true}" == "true" ]] && CHAT_ROLES='"docchat_chat_reader", "docchat_analytics_installer"'

# batch-indexer: creates versions {prefix}-vN, writes and deletes their chunks, swaps the aliases, deletes old
# versions. Its own index family only; plus the index-less _analyze with which it picks the best analyzer for a
# new version (IndexManager.bestAnalyzer: without it the probe is refused and every version falls back to the
# standard analyzer, silently). That one action, not the whole "manage" cluster privilege.
es PUT /_security/role/docchat_indexer "{
  \"cluster\": [\"monitor\", \"cluster:admin/analyze\"],
  \"indices\": [
    {\"names\": [\"$PREFIX*\"], \"privileges\": [\"all\"]}
  ]
}"

# Filebeat: appends to the logs data stream (created from the built-in logs-*-* template on first write); the
# read-only cluster privileges Elastic lists for a publishing Filebeat (it checks ILM and pipelines at start).
es PUT /_security/role/docchat_filebeat_writer '{
  "cluster": ["monitor", "read_ilm", "read_pipeline"],
  "indices": [
    {"names": ["logs-docchat-*"], "privileges": ["create_doc", "auto_configure", "view_index_metadata"]}
  ]
}'

# The Kibana import: saved objects (data views, searches, dashboards) in the default space, and read access to
# the data it shows.
es PUT /_security/role/docchat_kibana_import "{
  \"indices\": [
    {\"names\": [\"logs-docchat-*\", \"$ANALYTICS\"], \"privileges\": [\"read\", \"view_index_metadata\"]}
  ],
  \"applications\": [
    {\"application\": \"kibana-.kibana\", \"resources\": [\"space:default\"],
     \"privileges\": [\"feature_savedObjectsManagement.all\", \"feature_indexPatterns.all\",
                    \"feature_discover.all\", \"feature_dashboard.all\", \"feature_visualize.all\"]}
  ]
}"

user() {
  es PUT "/_security/user/$1" "{\"password\": $(json_string "$2"), \"roles\": [$3], \"full_name\": \"$4\"}"
  echo "es-setup: user $1 has roles $3"
}
user docchat_chat "$CHAT_ES_PASSWORD" "$CHAT_ROLES" "DocChat chat-server"
user docchat_indexer "$INDEXER_ES_PASSWORD" '"docchat_indexer"' "DocChat batch-indexer"
user docchat_filebeat "$FILEBEAT_ES_PASSWORD" '"docchat_filebeat_writer"' "DocChat Filebeat"
user docchat_kibana_import "$KIBANA_IMPORT_PASSWORD" '"docchat_kibana_import"' "DocChat Kibana import"

if [[ -n "${KIBANA_PASSWORD:-}" ]]; then
  es POST /_security/user/kibana_system/_password "{\"password\": $(json_string "$KIBANA_PASSWORD")}"
  echo "es-setup: kibana_system password set"
fi
if [[ -n "${SNAPSHOT_LOCATION:-}" ]]; then
  # Snapshots of the index family (and the analytics stream). SLM takes them as the user that wrote the policy.
  es PUT /_snapshot/docchat-backups "{\"type\": \"fs\", \"settings\": {\"location\": $(json_string "$SNAPSHOT_LOCATION")}}"
  es PUT /_slm/policy/docchat-nightly "{
    \"schedule\": $(json_string "${SNAPSHOT_SCHEDULE:-0 30 1 * * ?}"),
    \"name\": \"<docchat-{now/d}>\",
    \"repository\": \"docchat-backups\",
    \"config\": {\"indices\": [\"$PREFIX*\", \"$ANALYTICS\"], \"include_global_state\": false,
                 \"ignore_unavailable\": true},
    \"retention\": {\"expire_after\": $(json_string "${SNAPSHOT_RETENTION:-30d}"), \"min_count\": 7, \"max_count\": 60}
  }"
  echo "es-setup: snapshot repository docchat-backups at $SNAPSHOT_LOCATION, SLM policy docchat-nightly"
fi
echo "es-setup: done"
