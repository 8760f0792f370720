#!/bin/sh
# Runs before the bot in the image. On the data file (no DATABASE_URL), a folder this user cannot
# write (a bind mount owned by root) would fail later with EACCES; say so now, in one line.
set -eu
if [ -z "${DATABASE_URL:-}" ]; then
  folder=$(dirname "${DATA_FILE:-/app/data/db.json}")
  if [ ! -w "$folder" ]; then
    echo "The data folder $folder is not writable by the bot (uid $(id -u)): on the host, run \`sudo chown -R $(id -u):$(id -g) <the folder you mounted>\`, or use a named volume." >&2
    exit 1
  fi
fi
exec "$@"
