#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""emit_check.py FORM FILE POS SET [CLIENT]: check `gtidpos at --emit FORM`
output (stdin) against the consumer's documented format; print nothing
and exit 0 when it conforms, else one line per problem and exit 1.

Where each format is documented (the facts checked below come from there):
  debezium  debezium/debezium debezium-connector-binlog/.../BinlogOffsetContext.java
            and BinlogSourceInfo.java (offset keys file, pos, gtids, event,
            row, server_id, ts_sec; partition {"server": topic.prefix});
            Kafka Connect REST PATCH /connectors/NAME/offsets body (KIP-875):
            {"offsets": [{"partition": {...}, "offset": {...}}]}
  maxwell   zendesk/maxwell src/main/resources/sql/maxwell_schema.sql (the
            positions table) and MysqlPositionStore.java (server_id 0 in
            gtid_mode)
  canal     alibaba/canal deployer conf/example/instance.properties
            (canal.instance.gtidon, canal.instance.master.journal.name,
            .position, .timestamp, .gtid); java.util.Properties syntax
  flink     Flink CDC docs, connectors/mysql-cdc "Startup Reading Position"
            (scan.startup.mode = specific-offset,
            scan.startup.specific-offset.file / .pos / .gtid-set)
  sql-*     MariaDB: "Global Transaction ID" / CHANGE MASTER TO
            (MASTER_USE_GTID = slave_pos), gtid_slave_pos; MySQL: "Setting up
            replication using GTIDs", gtid_purged, CHANGE REPLICATION SOURCE TO
            (8.0.23+) / CHANGE MASTER TO, SOURCE_/MASTER_AUTO_POSITION
"""
import json
import re
import sys

form, name, pos, gset = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
client = sys.argv[5] if len(sys.argv) > 5 else "maxwell"
text = sys.stdin.read()
problems = []


def need(cond, what):
    if not cond:
        problems.append(what)


def sql_literals(s):
    """The values of a SQL VALUES list: 'strings' ('' and \\ escapes), integers."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c in " ,\n":
            i += 1
        elif c == "'":
            j, v = i + 1, ""
            while True:
                if s[j] == "\\":
                    v += s[j + 1]
                    j += 2
                elif s[j] == "'" and j + 1 < len(s) and s[j + 1] == "'":
                    v += "'"
                    j += 2
                elif s[j] == "'":
                    break
                else:
                    v += s[j]
                    j += 1
            out.append(v)
            i = j + 1
        else:
            m = re.match(r"-?\d+", s[i:])
            if not m:
                raise ValueError("not a literal at %r" % s[i:])
            out.append(int(m.group()))
            i += m.end()
    return out


if form == "debezium":
    d = json.loads(text)
    # the PATCH body alone: Kafka Connect rejects members it does not know
    need(list(d) == ["offsets"], "only the offsets member")
    offs = d["offsets"]
    need(isinstance(offs, list) and len(offs) == 1, "offsets: a list of one")
    part, off = offs[0]["partition"], offs[0]["offset"]
    need(set(part) == {"server"} and isinstance(part["server"], str), "partition {server}")
    keys = {"file", "pos", "gtids", "event", "row", "server_id", "ts_sec"}
    need(set(off) <= keys, "offset keys %s not all Debezium's" % sorted(off))
    need(off.get("file") == name, "file %r" % off.get("file"))
    need(type(off.get("pos")) is int and off["pos"] == pos, "pos %r" % off.get("pos"))
    if gset:
        need(off.get("gtids") == gset, "gtids %r" % off.get("gtids"))
    else:
        need("gtids" not in off, "no gtids for the empty set")
elif form == "maxwell":
    schema = {"server_id", "binlog_file", "binlog_position", "gtid_set", "vgtid",
              "client_id", "heartbeat_at", "last_heartbeat_read"}
    body = "\n".join(l for l in text.splitlines() if not l.startswith("--"))
    m = re.fullmatch(r"INSERT INTO `positions` \(([^)]*)\)\nVALUES \((.*)\)\n"
                     r"ON DUPLICATE KEY UPDATE (.*);\n?", body, re.S)
    need(m is not None, "one INSERT INTO `positions` ... ON DUPLICATE KEY UPDATE")
    if m:
        cols = [c.strip() for c in m.group(1).split(",")]
        need(set(cols) <= schema, "columns %s not all in positions" % cols)
        need({"server_id", "client_id"} <= set(cols), "the primary key's columns")
        row = dict(zip(cols, sql_literals(m.group(2))))
        need(row.get("server_id") == 0, "server_id 0 (gtid_mode)")
        need(row.get("binlog_file") == name, "binlog_file %r" % row.get("binlog_file"))
        need(row.get("binlog_position") == pos and 0 <= pos < 2**32, "binlog_position")
        need(row.get("gtid_set") == gset and len(gset) <= 4096, "gtid_set %r" % row.get("gtid_set"))
        need(row.get("client_id") == client, "client_id %r" % row.get("client_id"))
        upd = {u.split("=")[0].strip() for u in m.group(3).replace("\n", " ").split(",")}
        need(upd == {"binlog_file", "binlog_position", "gtid_set"}, "updated columns %s" % upd)
elif form == "canal":
    props = {}
    for line in text.splitlines():
        s = line.lstrip()
        if not s or s[0] in "#!":
            continue
        k, sep, v = re.match(r"([^=:\s]+)\s*([=:]?)\s*(.*)", s).groups()
        need(k not in props, "key %s twice" % k)
        props[k] = re.sub(r"\\(.)", r"\1", v)
    p = "canal.instance."
    need(set(props) == {p + "gtidon", p + "master.journal.name", p + "master.position",
                        p + "master.timestamp", p + "master.gtid"}, "keys %s" % sorted(props))
    need(props.get(p + "gtidon") == "true", "gtidon true")
    need(props.get(p + "master.journal.name") == name, "journal.name")
    need(props.get(p + "master.position") == str(pos), "position")
    need(re.fullmatch(r"\d*", props.get(p + "master.timestamp", "x")) is not None, "timestamp")
    need(props.get(p + "master.gtid") == gset, "gtid %r" % props.get(p + "master.gtid"))
elif form == "flink":
    opts = {}
    lines = [l for l in text.splitlines() if not l.startswith("--")]
    for i, line in enumerate(lines):
        m = re.fullmatch(r"'([^']*)' = '((?:[^']|'')*)'(,?)", line)
        need(m is not None, "option line %r" % line)
        if m:
            need((m.group(3) == ",") == (i < len(lines) - 1), "commas between options only")
            opts[m.group(1)] = m.group(2).replace("''", "'")
    p = "scan.startup."
    want = {p + "mode", p + "specific-offset.file", p + "specific-offset.pos"}
    if gset:
        want.add(p + "specific-offset.gtid-set")
    need(set(opts) == want, "options %s" % sorted(opts))
    need(opts.get(p + "mode") == "specific-offset", "mode")
    need(opts.get(p + "specific-offset.file") == name, "file")
    need(opts.get(p + "specific-offset.pos") == str(pos), "pos")
    if gset:
        need(opts.get(p + "specific-offset.gtid-set") == gset, "gtid-set")
elif form.startswith("sql-"):
    # sql-mariadb[:CONN] / sql-mysql:VERSION-RULES: the statements, in order
    stmts = [l for l in text.splitlines() if l and not l.startswith("--")]
    need(all(s.endswith(";") for s in stmts), "every statement ends with ';'")
    if form.startswith("sql-mariadb"):
        conn = form.split(":", 1)[1] if ":" in form else None
        q = " '%s'" % conn.replace("'", "''") if conn else ""
        verb = "(SLAVE|REPLICA)"
        need(len(stmts) == 4, "four statements")
        need(re.fullmatch("STOP %s%s;" % (verb, re.escape(q)), stmts[0]) is not None, stmts[0])
        need(stmts[1] == "SET GLOBAL gtid_slave_pos = '%s';" % gset, stmts[1])
        need(stmts[2] == "CHANGE MASTER%s TO MASTER_USE_GTID = slave_pos;" % q, stmts[2])
        need(re.fullmatch("START %s%s;" % (verb, re.escape(q)), stmts[3]) is not None, stmts[3])
    else:
        # sql-mysql:STOPVERB:CHANGE:PLUS[:CHANNEL]
        _, verb, change, plus, *ch = form.split(":")
        fc = " FOR CHANNEL '%s'" % ch[0] if ch else ""
        need(len(stmts) == 4, "four statements")
        need(stmts[0] == "STOP %s%s;" % (verb, fc), stmts[0])
        need(stmts[1] == "SET GLOBAL gtid_purged = '%s%s';" % ("+" if plus == "plus" else "", gset),
             stmts[1])
        c = ("CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION = 1" if change == "source"
             else "CHANGE MASTER TO MASTER_AUTO_POSITION = 1")
        need(stmts[2] == c + fc + ";", stmts[2])
        need(stmts[3] == "START %s%s;" % (verb, fc), stmts[3])
else:
    problems.append("unknown form " + form)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
