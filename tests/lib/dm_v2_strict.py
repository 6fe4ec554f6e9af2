#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""dm_v2_strict.py KIND FILE... - decode DM files as DM v2 does: strictly.

DM v2 reads task files and source files with yaml.UnmarshalStrict
(dm/config/task.go, dm/config/source_config.go, v2.0.0 and later): a key
its Go structs do not have fails start-task / operate-source create.  This
walker checks every key of every FILE against the v2.0.0 key sets below,
at every level the structs define, after resolving anchors, aliases and
merge keys as a YAML loader does (PyYAML on libyaml).  KIND is "task" or
"source".  Prints one line per refused key ("FILE: PATH: field KEY not
found in type config.STRUCT") and exits 1 if there was any; exit 2 when a
file is not YAML or not a mapping.

The key sets, once, from the yaml tags of pingcap/dm v2.0.0:
  dm/config/task.go: TaskConfig, MySQLInstance, Meta, MydumperConfig,
    LoaderConfig, SyncerConfig
  dm/config/source_config.go: SourceConfig, DBConfig (from and
    target-database), PurgeConfig, CheckerConfig, tracing Config
The insides of routes, filters, column-mappings, black-white-list and
block-allow-list are tidb-tools rule types, checked only for being
mappings of mappings.
"""
import sys

import yaml

DB = {"host", "port", "user", "password", "max-allowed-packet", "session", "security"}
MYDUMPER = {"mydumper-path", "threads", "chunk-filesize", "statement-size", "rows", "where",
            "skip-tz-utc", "extra-args"}
LOADER = {"pool-size", "dir"}
SYNCER = {"meta-file", "worker-count", "batch", "queue-size", "checkpoint-flush-interval",
          "max-retry", "auto-fix-gtid", "enable-gtid", "disable-detect", "safe-mode",
          "enable-ansi-quotes"}
META = {"binlog-name", "binlog-pos", "binlog-gtid"}
INSTANCE = {"source-id", "meta", "filter-rules", "column-mapping-rules", "route-rules",
            "black-white-list", "block-allow-list", "mydumper-config-name", "mydumper",
            "mydumper-thread", "loader-config-name", "loader", "loader-thread",
            "syncer-config-name", "syncer", "syncer-thread"}
TASK = {"name", "task-mode", "is-sharding", "shard-mode", "ignore-checking-items",
        "meta-schema", "enable-heartbeat", "heartbeat-update-interval",
        "heartbeat-report-interval", "timezone", "case-sensitive", "target-database",
        "mysql-instances", "online-ddl-scheme", "routes", "filters", "column-mappings",
        "black-white-list", "block-allow-list", "mydumpers", "loaders", "syncers",
        "clean-dump-file", "ansi-quotes", "remove-meta"}
PURGE = {"interval", "expires", "remain-space"}
CHECKER = {"check-enable", "backoff-rollback", "backoff-max", "check-interval",
           "backoff-min", "backoff-jitter", "backoff-factor"}
TRACER = {"enable", "source", "tracer-addr", "batch-size", "checksum"}
SOURCE = {"enable-gtid", "auto-fix-gtid", "relay-dir", "meta-dir", "flavor", "charset",
          "enable-relay", "relay-binlog-name", "relay-binlog-gtid", "source-id", "from",
          "purge", "checker", "tracer", "server-id"}

# struct name -> (keys, {key: nested struct}), "map:X" = a map of X,
# "list:X" = a list of X, "strmap" = map[string]string
STRUCTS = {
    "TaskConfig": (TASK, {"target-database": "DBConfig", "mysql-instances": "list:MySQLInstance",
                          "mydumpers": "map:MydumperConfig", "loaders": "map:LoaderConfig",
                          "syncers": "map:SyncerConfig", "routes": "map:rule",
                          "filters": "map:rule", "column-mappings": "map:rule",
                          "black-white-list": "map:rule", "block-allow-list": "map:rule"}),
    "MySQLInstance": (INSTANCE, {"meta": "Meta", "mydumper": "MydumperConfig",
                                 "loader": "LoaderConfig", "syncer": "SyncerConfig"}),
    "Meta": (META, {}),
    "MydumperConfig": (MYDUMPER, {}),
    "LoaderConfig": (LOADER, {}),
    "SyncerConfig": (SYNCER, {}),
    "DBConfig": (DB, {"session": "strmap"}),
    "SourceConfig": (SOURCE, {"from": "DBConfig", "purge": "PurgeConfig",
                              "checker": "CheckerConfig", "tracer": "TracingConfig"}),
    "PurgeConfig": (PURGE, {}),
    "CheckerConfig": (CHECKER, {}),
    "TracingConfig": (TRACER, {}),
}


def walk(node, typ, path, bad):
    if node is None:
        return
    if typ == "rule" or typ == "strmap":
        if not isinstance(node, dict):
            bad.append(f"{path}: a mapping expected")
        elif typ == "strmap":
            for k, v in node.items():
                if isinstance(v, (dict, list)):
                    bad.append(f"{path}.{k}: a single value expected")
        return
    if typ.startswith("map:") or typ.startswith("list:"):
        inner = typ.split(":", 1)[1]
        if typ.startswith("map:"):
            if not isinstance(node, dict):
                bad.append(f"{path}: a mapping expected")
                return
            items = [(f"{path}.{k}", v) for k, v in node.items()]
        else:
            if not isinstance(node, list):
                bad.append(f"{path}: a sequence expected")
                return
            items = [(f"{path}[{i + 1}]", v) for i, v in enumerate(node)]
        for p, v in items:
            walk(v, inner, p, bad)
        return
    keys, nested = STRUCTS[typ]
    if not isinstance(node, dict):
        bad.append(f"{path}: a mapping expected for config.{typ}")
        return
    for k, v in node.items():
        if k not in keys:
            bad.append(f"{path or '(top level)'}: field {k} not found in type config.{typ}")
        elif k in nested:
            walk(v, nested[k], f"{path}.{k}" if path else k, bad)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("task", "source"):
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    root = "TaskConfig" if sys.argv[1] == "task" else "SourceConfig"
    bad_files = 0
    for f in sys.argv[2:]:
        try:
            with open(f, encoding="utf-8") as fh:
                docs = [d for d in yaml.load_all(fh, Loader=yaml.CSafeLoader) if d is not None]
        except yaml.YAMLError as e:
            print(f"{f}: not YAML: {e}", file=sys.stderr)
            return 2
        if not docs:
            print(f"{f}: no document", file=sys.stderr)
            return 2
        for d in docs:
            if not isinstance(d, dict):
                print(f"{f}: the top level is not a mapping", file=sys.stderr)
                return 2
            bad = []
            walk(d, root, "", bad)
            for b in bad:
                print(f"{f}: {b}")
            bad_files += bool(bad)
    return 1 if bad_files else 0


if __name__ == "__main__":
    sys.exit(main())
