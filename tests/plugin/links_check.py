#!/usr/bin/env python3
"""Requests and replies, checked against the capture file itself.
  links_check.py PCAP PLUGIN_TSV READER_JSON
PLUGIN_TSV: tshark -2 lines "reply frame <TAB> request frames <TAB> times"
(one per reply, several joined by \\x1f in a frame); READER_JSON: the output of
`cephwire-replay inspect --ops --json`. Checks that the plugin and the reader
join the same request and reply frames; that each latency, the plugin's and
the reader's, is the difference of the two frames' timestamps as the pcap's
record headers give them; and that every osd_op is answered (or resent).
Prints one line; exit 1 on any difference."""
import json
import struct
import sys


def frame_times(path):
    """Capture time of each frame, in nanoseconds, from a classic pcap."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    order, nano = {b"\xd4\xc3\xb2\xa1": ("<", False), b"\xa1\xb2\xc3\xd4": (">", False),
                   b"\x4d\x3c\xb2\xa1": ("<", True), b"\xa1\xb2\x3c\x4d": (">", True)}[magic]
    times, off = [0], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(order + "IIII", data[off:off + 16])
        times.append(sec * 1_000_000_000 + (frac if nano else frac * 1000))
        off += 16 + incl
    return times


def main():
    pcap, plugin_tsv, reader_json = sys.argv[1:4]
    ts = frame_times(pcap)
    problems = []
    plugin = set()
    for line in open(plugin_tsv):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            continue
        reply = int(parts[0])
        for req, t in zip(parts[1].split("\x1f"), parts[2].split("\x1f")):
            req = int(req)
            plugin.add((req, reply))
            want = ts[reply] - ts[req]
            if abs(round(float(t) * 1e9) - want) > 1:
                problems.append(f"plugin: {req} -> {reply} time {t} s, the pcap says {want / 1e9:.9f} s")
    reader = set()
    ops = json.load(open(reader_json))
    osd_ops = unlinked = 0
    for q in ops["requests"]:
        for r in q["replies"]:
            reader.add((q["frame"], r["frame"]))
            want = ts[r["frame"]] - ts[q["frame"]]
            if abs(round(r["latency_ms"] * 1e6) - want) > 1:
                problems.append(f"reader: {q['frame']} -> {r['frame']} latency {r['latency_ms']} ms, "
                                f"the pcap says {want / 1e6:.6f} ms")
        if q["type"] == "osd_op":
            osd_ops += 1
            if not q["replies"] and "resent_in" not in q:
                unlinked += 1
                problems.append(f"osd_op {q['procedure']} tid {q['tid']} in frame {q['frame']} has no reply")
    for p in sorted(plugin - reader):
        problems.append(f"the plugin joins request {p[0]} to reply {p[1]}, the reader does not")
    for p in sorted(reader - plugin):
        problems.append(f"the reader joins request {p[0]} to reply {p[1]}, the plugin does not")
    print(f"{len(reader)} links, {osd_ops} osd_ops ({unlinked} without a reply), {len(problems)} problems")
    for p in problems[:8]:
        print("  " + p)
    return 1 if problems else 0


sys.exit(main())
