# SPDX-License-Identifier: BSD-2-Clause
# oracle.awk - an independent reading of one binlog, for tests/cli/run.sh.
#
# It shares no code with gtidpos: it is a small byte walker written in awk
# from the published event layouts, and it is cross-checked against two
# readers we did not write:
#   - mariadb-binlog (MariaDB's own client; -v mbl=FILE): the event offsets
#     it prints ("# at N"), the MariaDB GTIDs ("GTID d-s-n") and Gtid_list
#     events ("Gtid list [d-s-n,...]") must equal ours;
#   - MySQL's own mysqlbinlog, where a project shipped its output next to the
#     binlog (-v mysqlbinlog=FILE, the kingbus *.txt files): its
#     "Previous-GTIDs" and "SET @@SESSION.GTID_NEXT= 'uuid:n'" must equal ours.
#
# Input: the file's bytes as decimal numbers (od -An -v -tu1 FILE).
# Variables: mbl, mbl_rc (mariadb-binlog exit code),
#            mysqlbinlog.
# Output, one record per line, fields separated by a TAB, "-" for empty:
#   INFO  flavor  server_version  in_use(0/1)  gtid_era(0/1)
#   EV    start  end  type
#   TRUNC offset                      (file ends inside the event there)
#   BAD   offset  reason              (we could not frame the file further)
#   TX    kind  gtid  start  end      (kind gtid|anon; end "-" when open at EOF)
#   B     pos  set  inside(0/1)  last_gtid  last_start  last_end  anon_before
#         (last_gtid: of the last GTID transaction; last_start/last_end: of the
#         last transaction, anonymous ones included)
#         (one per event boundary: the expected answer of "gtidpos at FILE:pos")
#   START set    FINAL set  (at pos 4 / at the last boundary)
#   XCHECK ok|FAIL  what      (cross-checks against mariadb-binlog/mysqlbinlog)

function u16(o) { return B[o] + 256 * B[o + 1] }
function u32(o) { return B[o] + 256 * (B[o + 1] + 256 * (B[o + 2] + 256 * B[o + 3])) }
# GNOs and MariaDB seq_nos in the fixtures are far below 2^53, where awk's
# doubles are exact.
function u64(o) { return u32(o) + 4294967296 * u32(o + 4) }
function hex2(v) { return sprintf("%02x", v) }
function uuid_at(o,   i, s) {
    s = ""
    for (i = 0; i < 16; i++) {
        s = s hex2(B[o + i])
        if (i == 3 || i == 5 || i == 7 || i == 9) s = s "-"
    }
    return s
}
function cstr(o, max,   i, s) {
    s = ""
    for (i = 0; i < max && B[o + i] != 0; i++) s = s sprintf("%c", B[o + i])
    return s
}
function str(o, n,   i, s) {
    s = ""
    for (i = 0; i < n; i++) s = s sprintf("%c", B[o + i])
    return s
}
# MySQL 8.3+ serialization varlen: the count of trailing 1 bits of the first
# byte is the count of extra bytes.  Sets VL_LEN.
function varlen(o,   n, b, v, i, m) {
    b = B[o]; n = 1
    while (b % 2 == 1) { n++; b = int(b / 2) }
    v = 0; m = 1
    for (i = 0; i < n; i++) { v += B[o + i] * m; m *= 256 }
    VL_LEN = n
    return int(v / 2 ^ n)
}
function zigzag(v) { return (v % 2 == 0) ? v / 2 : -(v + 1) / 2 }

# --- MySQL GTID sets: MS[key] = "a-b a-b" (inclusive, sorted, merged);
# key = uuid SUBSEP tag (tag "" when untagged).
function ms_add(S, key, a, b,   n, i, lo, hi, parts, iv, out, k, tmp) {
    n = split(S[key], parts, " ")
    k = 0
    for (i = 1; i <= n; i++) {
        split(parts[i], iv, "-")
        k++; lo[k] = iv[1] + 0; hi[k] = iv[2] + 0
    }
    k++; lo[k] = a; hi[k] = b
    # insertion sort by lo
    for (i = 2; i <= k; i++) {
        for (n = i; n > 1 && lo[n - 1] > lo[n]; n--) {
            tmp = lo[n]; lo[n] = lo[n - 1]; lo[n - 1] = tmp
            tmp = hi[n]; hi[n] = hi[n - 1]; hi[n - 1] = tmp
        }
    }
    out = ""; a = lo[1]; b = hi[1]
    for (i = 2; i <= k; i++) {
        if (lo[i] <= b + 1) { if (hi[i] > b) b = hi[i] }
        else { out = out (out == "" ? "" : " ") a "-" b; a = lo[i]; b = hi[i] }
    }
    S[key] = out (out == "" ? "" : " ") a "-" b
}
function ms_ivtext(s,   n, i, parts, iv, out) {
    n = split(s, parts, " "); out = ""
    for (i = 1; i <= n; i++) {
        split(parts[i], iv, "-")
        out = out ":" (iv[1] == iv[2] ? iv[1] : iv[1] "-" iv[2])
    }
    return out
}
function ms_format(S,   k, u, t, nu, uu, i, j, tmp, out, tags, nt, key, sep, seen) {
    nu = 0
    for (k in S) {
        split(k, key, SUBSEP)
        if (!((key[1]) in seen)) { seen[key[1]] = 1; uu[++nu] = key[1] }
    }
    for (i = 2; i <= nu; i++)
        for (j = i; j > 1 && uu[j - 1] > uu[j]; j--) { tmp = uu[j]; uu[j] = uu[j - 1]; uu[j - 1] = tmp }
    out = ""
    for (i = 1; i <= nu; i++) {
        u = uu[i]; out = out (out == "" ? "" : ",") u
        if ((u SUBSEP "") in S) out = out ms_ivtext(S[u SUBSEP ""])
        nt = 0
        for (k in S) {
            split(k, key, SUBSEP)
            if (key[1] == u && key[2] != "") tags[++nt] = key[2]
        }
        for (t = 2; t <= nt; t++)
            for (j = t; j > 1 && tags[j - 1] > tags[j]; j--) { tmp = tags[j]; tags[j] = tags[j - 1]; tags[j - 1] = tmp }
        for (t = 1; t <= nt; t++) out = out ":" tags[t] ms_ivtext(S[u SUBSEP tags[t]])
        delete tags
    }
    return out
}
# --- MariaDB state: MD[domain] = "d-s-n"
function md_format(   d, dd, n, i, j, tmp, out) {
    n = 0
    for (d in MD) dd[++n] = d + 0
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && dd[j - 1] > dd[j]; j--) { tmp = dd[j]; dd[j] = dd[j - 1]; dd[j - 1] = tmp }
    out = ""
    for (i = 1; i <= n; i++) out = out (out == "" ? "" : ",") MD[dd[i]]
    return out
}
function cur_set() { return FLAVOR == "mariadb" ? md_format() : ms_format(MS) }
function dash(s) { return s == "" ? "-" : s }

function vercmp_ge(v, want,   a, b, i, x, y) {
    # v, want like "5.6.1"; compares the leading numeric parts
    split(v, a, /[^0-9]+/); split(want, b, ".")
    for (i = 1; i <= 3; i++) {
        x = a[i] + 0; y = b[i] + 0
        if (x != y) return x > y
    }
    return 1
}

# A GTID(-like) event opens a transaction at `start`.
function tx_open(kind, gtid, start) {
    if (TXOPEN) { out("BAD", start "\tGTID event inside an open transaction") }
    TXOPEN = 1; TXKIND = kind; TXGTID = gtid; TXSTART = start; TXMODE = "pending"
}
function tx_close(end) {
    TXN++; TK[TXN] = TXKIND; TG[TXN] = TXGTID; TS[TXN] = TXSTART; TE[TXN] = end
    TXOPEN = 0
}
function out(tag, rest) { print tag "\t" rest }

BEGIN { n = 0 }
{ for (i = 1; i <= NF; i++) B[n++] = $i + 0 }

END {
    size = n
    FLAVOR = "mysql"; SV = "?"; INUSE = 0; GTIDERA = 0; HL = 19; CRC = 0
    pos = 4; ne = 0; TXOPEN = 0; TXN = 0; START_SET = ""; have_list = 0
    while (pos < size) {
        if (pos + 13 > size) { out("TRUNC", pos); break }
        type = B[pos + 4]; len = u32(pos + 9)
        if (ne == 0) {
            # first event: START_EVENT_V3 (v1-v3) or Format_description (v4)
            if (type == 15) {
                SV = cstr(pos + 21, 50); HL = B[pos + 75]
                INUSE = B[pos + 17] % 2
                if (SV ~ /MariaDB/) FLAVOR = "mariadb"
                if (FLAVOR == "mariadb" ? vercmp_ge(SV, "10.0.0") : vercmp_ge(SV, "5.6.0")) GTIDERA = 1
                if (FLAVOR == "mariadb" ? vercmp_ge(SV, "5.3.0") : vercmp_ge(SV, "5.6.1"))
                    CRC = (B[pos + len - 5] == 1) ? 4 : 0
            } else if (type == 1) {
                SV = cstr(pos + 21, 50); HL = 19
            } else { out("BAD", pos "\tfirst event has type " type); break }
        }
        if (len < HL) { out("BAD", pos "\tevent length " len " below header length " HL); break }
        if (pos + len > size) { out("TRUNC", pos); break }
        end = pos + len; p = pos + HL
        ne++; ES[ne] = pos; out("EV", pos "\t" end "\t" type)
        if (type == 15 && ne > 1) {
            # relay log: the source's FDE; its checksum setting applies from here
            if (FLAVOR == "mariadb" ? vercmp_ge(cstr(pos + 21, 50), "5.3.0") : vercmp_ge(cstr(pos + 21, 50), "5.6.1"))
                CRC = (B[pos + len - 5] == 1) ? 4 : 0
        } else if (type == 35 && !have_list) {
            # MySQL Previous_gtids
            have_list = 1
            if (B[p] == 1 && B[p + 7] == 1) {           # 8.3+ tagged format
                ns = B[p + 1] + 256 * (B[p + 2] + 256 * (B[p + 3] + 256 * B[p + 4])); q = p + 8; tagged = 1
            } else { ns = u64(p); q = p + 8; tagged = 0 }
            for (s = 0; s < ns; s++) {
                u = uuid_at(q); q += 16; tag = ""
                if (tagged) { tl = varlen(q); q += VL_LEN; tag = str(q, tl); q += tl }
                ni = u64(q); q += 8
                for (k = 0; k < ni; k++) { ms_add(MS, u SUBSEP tag, u64(q), u64(q + 8) - 1); q += 16 }
            }
            START_SET = ms_format(MS)
        } else if (type == 163 && !have_list) {
            # MariaDB Gtid_list: per domain the last entry is the domain's
            # most recent GTID (rpl_binlog_state::get_gtid_list writes it last)
            have_list = 1
            cnt = u32(p) % 268435456; q = p + 4; gl = ""
            for (k = 0; k < cnt; k++) {
                g = u32(q) "-" u32(q + 4) "-" u64(q + 8); q += 16
                MD[u32(q - 16)] = g; gl = gl (gl == "" ? "" : ",") g
            }
            GLIST[pos] = gl
            START_SET = md_format()
        } else if (type == 33 || type == 34) {
            g = uuid_at(p + 1) ":" u64(p + 17)
            tx_open(type == 33 ? "gtid" : "anon", type == 33 ? g : "-", pos)
            GT[pos] = g
        } else if (type == 42) {
            # Gtid_tagged_log_event (MySQL 8.3+): serialization format
            q = p; varlen(q); q += VL_LEN; varlen(q); q += VL_LEN; varlen(q); q += VL_LEN
            u = ""; gno = ""; tag = ""
            for (guard = 0; guard < 12 && q < end - CRC; guard++) {
                fid = varlen(q); q += VL_LEN
                if (fid == 0) { varlen(q); q += VL_LEN }
                else if (fid == 1) {
                    for (k = 0; k < 16; k++) {
                        UB[k] = varlen(q); q += VL_LEN
                        u = u hex2(UB[k]); if (k == 3 || k == 5 || k == 7 || k == 9) u = u "-"
                    }
                } else if (fid == 2) { gno = zigzag(varlen(q)); q += VL_LEN }
                else if (fid == 3) { tl = varlen(q); q += VL_LEN; tag = str(q, tl); q += tl; break }
                else break
            }
            g = u ":" (tag == "" ? "" : tag ":") gno
            tx_open("gtid", g, pos); GT[pos] = g
        } else if (type == 162) {
            # MariaDB GTID: seq_no(8) domain_id(4) flags2(1)
            g = u32(p + 8) "-" u32(pos + 5) "-" u64(p)
            tx_open("gtid", g, pos); GT[pos] = g
            if (B[p + 12] % 2 == 1) TXMODE = "single"; else TXMODE = "multi"
        } else if (TXOPEN) {
            if (type == 2) {
                dbl = B[p + 8]; stl = u16(p + 11)
                qs = p + 13 + stl + dbl + 1; ql = end - CRC - qs
                qt = toupper(str(qs, ql < 12 ? ql : 12))
                if (TXMODE == "pending") {
                    if (qt == "BEGIN" || qt ~ /^XA START/) TXMODE = "multi"
                    else tx_close(end)
                } else if (TXMODE == "single") tx_close(end)
                else if (qt == "COMMIT" || qt == "ROLLBACK") tx_close(end)
            } else if (type == 16 || type == 38) {   # Xid, XA_prepare
                if (TXMODE == "multi") tx_close(end)
            } else if (type == 40) {                  # Transaction_payload
                if (TXMODE == "pending") tx_close(end)
            }
        }
        pos = end
    }
    if (pos == size) LASTB = size; else LASTB = pos
    if (TXOPEN) { TXN++; TK[TXN] = TXKIND; TG[TXN] = TXGTID; TS[TXN] = TXSTART; TE[TXN] = -1 }
    out("INFO", FLAVOR "\t" SV "\t" INUSE "\t" GTIDERA)
    for (t = 1; t <= TXN; t++) out("TX", TK[t] "\t" TG[t] "\t" TS[t] "\t" (TE[t] < 0 ? "-" : TE[t]))

    # Expected answer at every boundary: the start set plus every transaction
    # whose last event ends at or before the boundary.
    nb = 0
    for (e = 1; e <= ne; e++) BD[++nb] = ES[e]
    if (LASTB > BD[nb]) BD[++nb] = LASTB
    t = 1; lg = "-"; ls = "-"; le = "-"; anon = 0
    for (b = 1; b <= nb; b++) {
        bp = BD[b]
        while (t <= TXN && TE[t] >= 0 && TE[t] <= bp) {
            if (TK[t] == "gtid") {
                g = TG[t]
                if (FLAVOR == "mariadb") { split(g, gp, "-"); MD[gp[1]] = g }
                else {
                    k = split(g, gp, ":")
                    ms_add(MS, gp[1] SUBSEP (k == 3 ? gp[2] : ""), gp[k] + 0, gp[k] + 0)
                }
                lg = g
            } else anon++
            ls = TS[t]; le = TE[t]
            t++
        }
        # transactions never overlap: only the first one not yet closed can be open
        inside = (t <= TXN && TS[t] < bp && (TE[t] < 0 || TE[t] > bp)) ? 1 : 0
        # a transaction that starts at bp is not open yet at bp
        cs = cur_set()
        out("B", bp "\t" dash(cs) "\t" inside "\t" lg "\t" ls "\t" le "\t" anon)
    }
    out("START", dash(START_SET))
    out("FINAL", dash(cur_set()))

    # --- cross-check against mariadb-binlog
    if (mbl != "") {
        nat = 0; bad = ""; cur = -1; pend = 0; bad_gtid = ""; ngt = 0
        while ((getline line < mbl) > 0) {
            if (line ~ /^# at [0-9]+$/) { AT[++nat] = substr(line, 6) + 0; PQ[++pend] = AT[nat]; continue }
            if (line ~ /^#[0-9][0-9][0-9][0-9][0-9][0-9] +[0-9]+:[0-9]+:[0-9]+ server id /) {
                cur = (pend > 0) ? PQ[1] : -1
                for (k = 1; k < pend; k++) PQ[k] = PQ[k + 1]
                if (pend > 0) pend--
                if (match(line, /\tGTID [0-9]+-[0-9]+-[0-9]+/)) {
                    g = substr(line, RSTART + 6, RLENGTH - 6); ngt++
                    if (GT[cur] != g) bad_gtid = bad_gtid " " cur ":" g "!=" GT[cur]
                }
                if (match(line, /\tGtid list \[[^]]*\]/)) {
                    g = substr(line, RSTART + 12, RLENGTH - 13)
                    if (!(cur in GLIST) || GLIST[cur] != g) bad_gtid = bad_gtid " list@" cur ":" g "!=" GLIST[cur]
                }
            }
        }
        close(mbl)
        # every offset mariadb-binlog printed is one of our event starts, in
        # the same order; when it read the whole file, it printed all of them
        for (k = 1; k <= nat; k++) if (AT[k] != ES[k]) { bad = bad " #" k ":" AT[k] "!=" ES[k]; break }
        if (mbl_rc == 0 && nat != ne) bad = bad " count " nat "!=" ne
        out("XCHECK", (bad == "" ? "ok" : "FAIL") "\tmariadb-binlog event offsets (" nat " of " ne " events)" bad)
        if (FLAVOR == "mariadb")
            out("XCHECK", (bad_gtid == "" ? "ok" : "FAIL") "\tmariadb-binlog GTID and Gtid list values (" ngt " GTIDs)" bad_gtid)
    }
    # --- cross-check against MySQL's mysqlbinlog output
    if (mysqlbinlog != "") {
        bad = ""; cur = -1; inprev = 0; prev = ""; ngt = 0
        while ((getline line < mysqlbinlog) > 0) {
            if (line ~ /^# at [0-9]+$/) { cur = substr(line, 6) + 0; inprev = 0; continue }
            if (line ~ /\tPrevious-GTIDs$/) { inprev = 1; prev = ""; pcur = cur; continue }
            if (inprev && line ~ /^# [0-9a-f]/) { prev = prev substr(line, 3); continue }
            if (match(line, /GTID_NEXT= '[0-9a-f-]+:[0-9]+'/)) {
                g = substr(line, RSTART + 12, RLENGTH - 13); ngt++
                if (GT[cur] != g) bad = bad " " cur ":" g "!=" GT[cur]
            }
        }
        close(mysqlbinlog)
        gsub(/[ ,]+$/, "", prev); gsub(/, */, ",", prev)
        if (prev != START_SET) bad = bad " Previous-GTIDs " prev "!=" START_SET
        out("XCHECK", (bad == "" ? "ok" : "FAIL") "\tMySQL mysqlbinlog Previous-GTIDs and GTID_NEXT values (" ngt " GTIDs)" bad)
    }
}
