#!/usr/bin/env python3
"""Objects exported by `tshark --export-objects msgr,DIR` (or
`cephwire-replay inspect --export-objects DIR`) against what the recorder's
workload wrote: the manifest's RADOS objects (names, SHA-256) and CephFS files
(paths, SHA-256: "files", and "files_before_mds_restart").
  export_check.py MANIFEST DIR
Every object and file of the manifest must be exported at least once with
exactly its bytes; exit 1 otherwise. Prints one line."""
import hashlib
import json
import os
import re
import sys
import urllib.parse

manifest, d = sys.argv[1], sys.argv[2]
m = json.load(open(manifest))
objects = m.get("objects", [])
files = {f["path"]: f["sha256"] for f in m.get("files_before_mds_restart", []) + m.get("files", [])}
wanted = [(o["name"], o["sha256"]) for o in objects] + [("/" + p, h) for p, h in sorted(files.items())]
# (a file exported under several versions: every one the recorder saw counts)
wanted += [("/" + f["path"], f["sha256"]) for f in m.get("files_before_mds_restart", []) if files[f["path"]] != f["sha256"]]
exported = {}  # object name or file path -> set of sha256
count = 0
for root, _, names in os.walk(d):
    for f in names:
        count += 1
        rel = os.path.relpath(os.path.join(root, f), d)
        # tshark: "1%2fobj" (the "/" of "POOL/NAME" escaped), "(N)" before the
        # extension for further versions; inspect: a tree, "NAME;N" for them
        path = urllib.parse.unquote(re.sub(r"(;\d+|\(\d+\))(?=(\.[^./]*)?$)", "", rel))
        if path.startswith("rados/"):
            path = path[len("rados/"):]
        elif path.startswith("cephfs/"):
            path = path[len("cephfs"):]
        exported.setdefault(path, set()).add(hashlib.sha256(open(os.path.join(root, f), "rb").read()).hexdigest())
# RADOS objects by name alone (the pool is the recorder's choice)
by_name = {}
for p, h in exported.items():
    if not p.startswith("/") and "/" in p:
        by_name.setdefault(p.split("/", 1)[1], set()).update(h)
missing = [n for n, h in wanted if h not in (exported.get(n, set()) if n.startswith("/") else by_name.get(n, set()))]
nfiles = len([w for w in wanted if w[0].startswith("/")])
print(f"{len(wanted) - len(missing)} of {len(wanted)} objects and files ({nfiles} files) exported with their bytes, {count} exported"
      + (f"; missing or different: {', '.join(missing[:5])}" if missing else ""))
sys.exit(1 if missing or not wanted else 0)
