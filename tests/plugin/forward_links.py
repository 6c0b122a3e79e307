#!/usr/bin/env python3
"""The msgr layer of a tshark -T json --no-duplicate-keys dump (stdin) without
the items that point forward in the capture: a request's msgr.response_in and
msgr.resent_in, and the note that it got no reply. One pass cannot show them
(the reply is not read yet); every later pass does. Prints the rest,
normalised, and on stderr how many were taken out."""
import json
import sys

FORWARD = {"msgr.response_in", "msgr.resent_in"}
removed = 0


def strip(v):
    global removed
    if isinstance(v, list):
        return [strip(x) for x in v]
    if not isinstance(v, dict):
        return v
    out = {}
    for k, x in v.items():
        if k in FORWARD:
            removed += len(x) if isinstance(x, list) else 1
            continue
        if k == "_ws.expert":
            experts = x if isinstance(x, list) else [x]
            kept = [e for e in experts if "msgr.unanswered" not in e]
            removed += len(experts) - len(kept)
            if not kept:
                continue
            x = kept if isinstance(x, list) else kept[0]
        out[k] = strip(x)
    return out


text = sys.stdin.read()
print(json.dumps(strip(json.loads(text) if text.strip() else []), sort_keys=True, indent=0))
print(removed, file=sys.stderr)
