#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench/find_archive.sh DIR [MB] - a many-file MariaDB binlog archive for
# bench/find.sh: a private mariadbd (tests/lib/mariadb_server.sh) with
# max_binlog_size=8M takes row inserts of ~100 KiB per transaction until
# its binlogs pass MB (default 600) MiB; the binlogs stay in DIR/data.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/mariadb_server.sh"
dir=$1 mb=${2:-600}
mkdir -p "$dir"
trap 'mdb_cleanup' EXIT
mdb_start_free "$dir" 31 --server-id=1 --max-binlog-size=8M --binlog-format=ROW \
    --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --innodb-buffer-pool-size=256M
mdb_sql "$dir" "CREATE DATABASE b; CREATE TABLE b.t (id INT PRIMARY KEY AUTO_INCREMENT, v TEXT)"
while [ "$(du -sm "$dir"/data/bin.0* | awk '{s += $1} END {print s + 0}')" -lt "$mb" ]; do
    for i in $(seq 1 50); do
        echo "INSERT INTO b.t (v) SELECT REPEAT(MD5(RAND()), 100) FROM test.seq_1_to_30;"
    done | mdb_sql "$dir"
    # every 10 MB or so, a transaction in a second domain
    mdb_sql "$dir" "SET SESSION gtid_domain_id = 7; INSERT INTO b.t (v) VALUES ('d7')"
    mdb_sql "$dir" "DELETE FROM b.t WHERE id < (SELECT MAX(id) - 2000 FROM (SELECT id FROM b.t) x)"
done
mdb_sql "$dir" "SELECT @@gtid_binlog_pos" >"$dir/gtid_binlog_pos"
mdb_stop "$dir"
