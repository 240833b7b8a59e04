#!/usr/bin/env python3
"""CPU seconds (user + system) used so far by each process tree named: the process, every live
descendant, and the children they have already reaped (cutime, cstime), so that a PostgreSQL
backend or a Dovecot imap process that has exited still counts, through its parent.

usage: cpu.py PID [PID ...]   prints one figure per PID, in order (0 for a process that is gone)
"""
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")
stats = {}
for entry in os.listdir("/proc"):
    if not entry.isdigit():
        continue
    try:
        with open(f"/proc/{entry}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    # After "(comm)": state ppid ... utime(12) stime(13) cutime(14) cstime(15), 1-based from state.
    stats[int(entry)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
children = {}
for pid, (ppid, _) in stats.items():
    children.setdefault(ppid, []).append(pid)


def tree(pid):
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        if current in stats:
            total += stats[current][1]
            stack.extend(children.get(current, []))
    return total


print(" ".join(f"{tree(int(pid)) / TICK:.2f}" for pid in sys.argv[1:]))
