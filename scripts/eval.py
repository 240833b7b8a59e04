#!/usr/bin/env python3
"""Scores the extractor against hand-written expected documents (`make eval`).

For every message in MESSAGES with an expected document EXPECTED/NAME.json (a partial contract
document: only the fields a person wrote down are scored), runs `intake extract` on all of them
in one process and reports kind accuracy, accuracy per field, line-item precision, recall and F1
(a line is right when its SKU, or else its description, and every attribute written down match),
the perfect-order rate (kind, every field and every line right, no extra line), how often
documents with confidence >= 0.95 are perfect, how often an order the desk would approve untouched
(no issues, confidence >= 0.95) is right, and a reliability table (confidence band -> share of
perfect documents). The last line is a one-line summary.

usage: scripts/eval.py [--intake PATH] [--config DIR] [MESSAGES] [EXPECTED]
       scripts/eval.py [--intake PATH] --round DIR [--round DIR ...]   (DIR holds config/, messages/, expected/)
       defaults: .build/debug/intake, examples/config, examples/inbox, examples/expected
"""
import argparse
import json
import os
import subprocess
import sys
from decimal import Decimal, InvalidOperation

parser = argparse.ArgumentParser()
parser.add_argument("--intake", default=".build/debug/intake")
parser.add_argument("--config", default="examples/config")
parser.add_argument("--round", action="append", default=[],
                    help="a folder with config/, messages/ and expected/ (repeatable; the rounds are scored together)")
parser.add_argument("--held", action="store_true",
                    help="also list the right orders the policy would hold for review, with their issues and confidence")
parser.add_argument("messages", nargs="?", default="examples/inbox")
parser.add_argument("expected", nargs="?", default="examples/expected")
args = parser.parse_args()

# (config, messages, expected) per set; one `intake extract` per set.
sets = [(os.path.join(r, "config"), os.path.join(r, "messages"), os.path.join(r, "expected")) for r in args.round] \
    or [(args.config, args.messages, args.expected)]
names, actual, expected_dirs = [], [], []
for config, messages, expected_dir in sets:
    found = sorted(n for n in os.listdir(messages) if os.path.exists(os.path.join(expected_dir, n + ".json")))
    if not found:
        sys.exit(f"eval: no message in {messages} has an expected document in {expected_dir}")
    run = subprocess.run([args.intake, "--config", config, "extract", *[os.path.join(messages, n) for n in found]], capture_output=True, text=True)
    docs = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    if len(docs) != len(found):
        sys.exit(f"eval: intake extract gave {len(docs)} documents for {len(found)} files: {run.stderr.strip()}")
    prefix = (os.path.basename(os.path.dirname(messages.rstrip("/"))) + "/") if args.round else ""
    names += [prefix + n for n in found]
    actual += docs
    expected_dirs += [(expected_dir, n) for n in found]


def same(expected, got):
    if expected is None or got is None:
        return expected == got
    try:
        return Decimal(str(expected)) == Decimal(str(got))
    except InvalidOperation:
        return str(expected).strip() == str(got).strip()


def fields(doc, prefix=""):
    for key, value in doc.items():
        if key in ("lines", "kind"):
            continue
        path = prefix + key
        if isinstance(value, dict):
            yield from fields(value, path + ".")
        else:
            yield path, value


def lookup(doc, path):
    for part in path.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def score_lines(expected, got):
    unmatched = list(got)
    right = 0
    for line in expected:
        key = ("sku", line["sku"]) if "sku" in line else ("description", line.get("description"))
        candidates = [g for g in unmatched if same(key[1], g.get(key[0]))]
        # Several lines share the key (two products not in the catalog, sku null): the one that
        # agrees on the other attributes is the match, else the first.
        match = next((g for g in candidates if all(same(value, g.get(attribute)) for attribute, value in line.items())), None) \
            or (candidates[0] if candidates else None)
        if match is None:
            continue
        unmatched.remove(match)
        if all(same(value, match.get(attribute)) for attribute, value in line.items()):
            right += 1
    return right


kind_right = 0
field_totals = {}
line_right = line_expected = line_actual = 0
perfect = 0
confident = confident_perfect = 0
failures = []
outcomes = []  # (document, perfect) per message, for the reliability table
orders_expected = orders_perfect = 0
for name, doc, (expected_dir, file_name) in zip(names, actual, expected_dirs):
    with open(os.path.join(expected_dir, file_name + ".json"), encoding="utf-8") as f:
        expected = json.load(f)
    ok = True
    if expected.get("kind") is not None:
        if doc["kind"] == expected["kind"]:
            kind_right += 1
        else:
            ok = False
            failures.append(f"{name}: kind {doc['kind']}, expected {expected['kind']}")
    for path, value in fields(expected):
        total, right = field_totals.get(path, (0, 0))
        good = same(value, lookup(doc, path))
        field_totals[path] = (total + 1, right + (1 if good else 0))
        if not good:
            ok = False
            failures.append(f"{name}: {path} = {lookup(doc, path)!r}, expected {value!r}")
    if "lines" in expected:
        right = score_lines(expected["lines"], doc["lines"])
        line_right += right
        line_expected += len(expected["lines"])
        line_actual += len(doc["lines"])
        if right != len(expected["lines"]) or len(doc["lines"]) != len(expected["lines"]):
            ok = False
            failures.append(f"{name}: {right} of {len(expected['lines'])} lines right, {len(doc['lines'])} found")
    perfect += ok
    if expected.get("kind") == "order":
        orders_expected += 1
        orders_perfect += ok
    if doc.get("confidence", 0) >= 0.95:
        confident += 1
        confident_perfect += ok
    outcomes.append((doc, ok, name))

count = len(names)
precision = line_right / line_actual if line_actual else 1.0
recall = line_right / line_expected if line_expected else 1.0
f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
print(f"{count} messages scored ({', '.join(args.round) if args.round else args.messages + ' against ' + args.expected})")
print(f"kind accuracy      {kind_right}/{count} = {kind_right / count:.1%}")
for path in sorted(field_totals):
    total, right = field_totals[path]
    print(f"  {path:<24} {right}/{total} = {right / total:.1%}")
fields_total = sum(total for total, _ in field_totals.values())
fields_right = sum(right for _, right in field_totals.values())
print(f"  {'all fields':<24} {fields_right}/{fields_total} = {fields_right / fields_total:.1%}" if fields_total else "  all fields               none scored")
print(f"line items         precision {precision:.1%}, recall {recall:.1%}, F1 {f1:.1%} ({line_right} right of {line_expected} expected, {line_actual} found)")
print(f"perfect documents  {perfect}/{count} = {perfect / count:.1%}")
print(f"perfect orders     {orders_perfect}/{orders_expected}" + (f" = {orders_perfect / orders_expected:.1%}" if orders_expected else ""))
print(f"confidence >= 0.95 {confident_perfect}/{confident} perfect" + (f" = {confident_perfect / confident:.1%}" if confident else ""))
# What skips the queue: an order with no issues at confidence >= 0.95 (the desk's auto-approval
# policy at min_confidence 0.95). Each one that is not perfect would confirm something the
# customer did not order.
orders = [(doc, ok) for doc, ok, _ in outcomes if doc.get("kind") == "order"]
auto = [(doc, ok) for doc, ok in orders if not doc.get("issues") and doc.get("confidence", 0) >= 0.95]
auto_right = sum(ok for _, ok in auto)
print(f"auto-approvable    {auto_right}/{len(auto)} right" + (f" = {auto_right / len(auto):.1%}" if auto else "")
      + f"; touchless {len(auto)}/{len(orders)} orders" + (f" = {len(auto) / len(orders):.1%}" if orders else ""))
# Reliability: for each confidence band, how many documents in it are perfect. A confidence that
# means something puts few imperfect documents in its top band.
print("reliability        confidence band: perfect / documents")
bands = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
for low, high in bands:
    members = [ok for doc, ok, _ in outcomes if low <= doc.get("confidence", 0) < high]
    if members:
        label = f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}"
        print(f"  {label:<14} {sum(members)}/{len(members)} = {sum(members) / len(members):.1%}")
for failure in failures:
    print("  miss:", failure)
if args.held:
    # Right orders that wait in the queue: what keeps touchless low without protecting anything.
    for doc, ok, name in outcomes:
        if ok and doc.get("kind") == "order" and (doc.get("issues") or doc.get("confidence", 0) < 0.95):
            codes = ", ".join(issue.get("code", "?") for issue in doc.get("issues") or []) or "no issue"
            print(f"  held: {name}: confidence {doc.get('confidence', 0):.2f}; {codes}")
        if not ok and doc.get("kind") == "order" and not doc.get("issues") and doc.get("confidence", 0) >= 0.95:
            print(f"  wrong and approvable: {name}")
print(f"eval: {count} messages, kind {kind_right / count:.1%}, fields {fields_right / max(fields_total, 1):.1%}, line F1 {f1:.1%}, "
      f"perfect {perfect / count:.1%}, perfect orders {orders_perfect}/{orders_expected}, "
      f"confidence>=0.95 right {confident_perfect}/{confident}, auto-approvable right {auto_right}/{len(auto)}")
