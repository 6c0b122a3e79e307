#!/usr/bin/env python3
"""Objects exported by `tshark --export-objects msgr,DIR` against the objects
the recorder wrote (the manifest's names, sizes and SHA-256).
  export_check.py MANIFEST DIR
Every object of the manifest must be exported at least once with exactly its
bytes; exit 1 otherwise. Prints one line."""
import hashlib
import json
import os
import re
import sys
import urllib.parse

manifest, d = sys.argv[1], sys.argv[2]
objects = json.load(open(manifest)).get("objects", [])
exported = {}  # object name -> set of sha256
for f in os.listdir(d):
    # "1%2fobj" (tshark escapes the "/" of "POOL/NAME"), "...(1)" for further versions
    path = re.sub(r"\(\d+\)$", "", urllib.parse.unquote(f))
    name = path.split("/", 1)[1] if "/" in path else path
    exported.setdefault(name, set()).add(hashlib.sha256(open(os.path.join(d, f), "rb").read()).hexdigest())
missing = [o["name"] for o in objects if o["sha256"] not in exported.get(o["name"], set())]
print(f"{len(objects) - len(missing)} of {len(objects)} objects exported with their bytes, {len(os.listdir(d))} files"
      + (f"; missing or different: {', '.join(missing[:5])}" if missing else ""))
sys.exit(1 if missing or not objects else 0)
