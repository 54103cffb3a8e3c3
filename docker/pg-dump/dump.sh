#!/usr/bin/env bash
# Streams a custom-format pg_dump of one database to S3, then writes `<DUMP_KEY>.json` beside it.
# The sidecar is written only after pg_dump and the upload both succeeded, so a dump without one is
# incomplete (the launcher and the README both rely on that). Any failure exits non-zero.
#
# Environment: PGHOST PGPORT PGUSER PGDATABASE (PGPASSWORD injected by ECS from Secrets Manager),
# PGSSLMODE (default require), BACKUP_BUCKET, DUMP_KEY, optional DUMP_KMS_KEY_ID and DUMP_EXPECTED_SIZE.
set -euo pipefail

: "${PGHOST:?PGHOST is required}" "${PGUSER:?PGUSER is required}" "${PGDATABASE:?PGDATABASE is required}"
: "${BACKUP_BUCKET:?BACKUP_BUCKET is required}" "${DUMP_KEY:?DUMP_KEY is required}"
export PGPORT="${PGPORT:-5432}"
export PGSSLMODE="${PGSSLMODE:-require}"

target="s3://${BACKUP_BUCKET}/${DUMP_KEY}"
if [[ -n "${DUMP_KMS_KEY_ID:-}" ]]; then
  sse=(--sse aws:kms --sse-kms-key-id "$DUMP_KMS_KEY_ID")
else
  sse=(--sse AES256)
fi

# From stdin, `aws s3 cp` can only size its multipart parts from --expected-size; without it a stream
# beyond about 50 GB runs out of parts. The database's size on disk bounds the compressed dump.
expected_size="${DUMP_EXPECTED_SIZE:-$(psql --no-psqlrc --tuples-only --no-align --quiet --command 'select pg_database_size(current_database())')}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# tee copies the stream into this pipe so its size is known without holding the dump on local disk.
mkfifo "$work/stream"
wc -c < "$work/stream" > "$work/size" &
counter=$!

started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "dumping database ${PGDATABASE} on ${PGHOST}:${PGPORT} to ${target}"
pg_dump --format=custom --no-password \
  | tee "$work/stream" \
  | aws s3 cp - "$target" "${sse[@]}" --expected-size "$expected_size" --only-show-errors
wait "$counter"
finished_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
size_bytes="$(tr -d '[:space:]' < "$work/size")"

json_string() {
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

printf '{"key":%s,"database":%s,"format":"custom","sizeBytes":%s,"startedAt":%s,"finishedAt":%s,"pgDumpVersion":%s}\n' \
  "$(json_string "$DUMP_KEY")" "$(json_string "$PGDATABASE")" "$size_bytes" \
  "$(json_string "$started_at")" "$(json_string "$finished_at")" "$(json_string "$(pg_dump --version)")" \
  | aws s3 cp - "${target}.json" "${sse[@]}" --content-type application/json --only-show-errors

echo "dump complete: ${target} (${size_bytes} bytes)"
