#!/usr/bin/env bash
# PostgreSQL backups of the DocChat database: pg_dump in custom format (compressed, restorable table by table),
# written to a temporary name and renamed when complete, the newest PG_BACKUP_KEEP kept.
#   pg-backup.sh once          one dump now
#   pg-backup.sh loop          a dump every PG_BACKUP_INTERVAL seconds (the compose service db-backup)
# Connection from libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD): no secret on a command line.
#   BACKUP_DIR (default /backups), PG_BACKUP_KEEP (default 14), PG_BACKUP_INTERVAL (default 86400)
set -euo pipefail
BACKUP_DIR="${BACKUP_DIR:-/backups}"
KEEP="${PG_BACKUP_KEEP:-14}"
INTERVAL="${PG_BACKUP_INTERVAL:-86400}"
: "${PGDATABASE:?pg-backup: PGDATABASE is not set}"

dump_once() {
  mkdir -p "$BACKUP_DIR"
  local name
  name="$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump"
  pg_dump --format=custom --compress=6 --no-owner --file="$BACKUP_DIR/.$name.partial"
  mv "$BACKUP_DIR/.$name.partial" "$BACKUP_DIR/$name"
  echo "pg-backup: wrote $BACKUP_DIR/$name ($(du -h "$BACKUP_DIR/$name" | cut -f1))"
  # newest first; everything after the first KEEP goes
  ls -1t "$BACKUP_DIR"/"$PGDATABASE"-*.dump 2>/dev/null | tail -n +"$((KEEP + 1))" | while read -r old; do
    rm -f -- "$old" && echo "pg-backup: removed $old"
  done
}

case "${1:-once}" in
  once) dump_once ;;
  loop)
    echo "pg-backup: a dump of $PGDATABASE every ${INTERVAL}s into $BACKUP_DIR, keeping $KEEP"
    while true; do
      dump_once || echo "pg-backup: dump FAILED (will retry at the next interval)" >&2
      sleep "$INTERVAL"
    done ;;
  *) echo "usage: $0 once|loop" >&2; exit 2 ;;
esac
