#!/usr/bin/env bash
# Restores a pg-backup.sh dump into a new, empty database (recreated when it exists and RESTORE_DROP=yes).
#   pg-restore.sh DUMP_FILE [DATABASE]      (DATABASE defaults to PGDATABASE)
# Connection from libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD). Stop the apps first
# (docker compose stop chat-server batch-indexer) so nothing writes while the database is replaced.
set -euo pipefail
DUMP=${1:?usage: pg-restore.sh DUMP_FILE [DATABASE]}
DB=${2:-${PGDATABASE:?pg-restore: PGDATABASE is not set}}
[[ -f "$DUMP" ]] || { echo "pg-restore: no such dump: $DUMP" >&2; exit 1; }
exists=$(psql -d postgres -tAc "select 1 from pg_database where datname = '$DB'")
if [[ "$exists" == "1" ]]; then
  [[ "${RESTORE_DROP:-no}" == "yes" ]] || { echo "pg-restore: database $DB exists; set RESTORE_DROP=yes to replace it" >&2; exit 1; }
  dropdb --force "$DB"
fi
createdb "$DB"
pg_restore --no-owner --exit-on-error --dbname="$DB" "$DUMP"
echo "pg-restore: restored $DUMP into $DB"
