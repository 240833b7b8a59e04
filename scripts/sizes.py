#!/usr/bin/env python3
"""Lists Swift files, types and functions over the house limits (STYLE: a file up to 400 lines,
a type up to 600 counting all its extensions, a function up to 60).

    python3 scripts/sizes.py [Sources]

Braces are counted outside string literals and comments; good enough for this code base, which
has no braces in raw strings that matter. Exits 0 either way: it reports, people decide (a file
kept large on purpose says why in its header)."""
import os
import re
import sys

FILE_LIMIT, TYPE_LIMIT, FUNC_LIMIT = 400, 600, 60
DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|final|static|override|nonisolated|mutating|convenience|required|indirect)\s+)*'
                  r'(?P<kind>struct|class|enum|actor|extension|protocol|func|init|subscript)\b\s*(?P<name>[A-Za-z_][\w.]*)?')


def code_braces(line, state):
    """Counts { and } outside strings and comments; `state` carries a multi-line string or comment."""
    opened = closed = 0
    i = 0
    while i < len(line):
        if state['until']:
            end = line.find(state['until'], i)
            if end < 0:
                return opened, closed
            i = end + len(state['until'])
            state['until'] = None
            continue
        c = line[i]
        if line.startswith('//', i):
            break
        if line.startswith('/*', i) or line.startswith('"""', i):
            state['until'] = '*/' if line.startswith('/*', i) else '"""'
            i += 2 if state['until'] == '*/' else 3
            continue
        if c == '"':
            i += 1
            depth = 0
            while i < len(line):
                if line[i] == '\\' and i + 1 < len(line) and line[i + 1] == '(':
                    depth += 1
                    i += 2
                    continue
                if depth and line[i] == ')':
                    depth -= 1
                elif line[i] == '\\':
                    i += 1
                elif line[i] == '"' and not depth:
                    break
                i += 1
        elif c == '{':
            opened += 1
        elif c == '}':
            closed += 1
        i += 1
    return opened, closed


def scan(path):
    """(line count, [(kind, name, start, length)]) for the declarations with a body."""
    lines = open(path, encoding='utf-8').read().split('\n')
    state = {'until': None}
    stack, found, depth = [], [], 0
    for number, line in enumerate(lines, 1):
        match = None if state['until'] else DECL.match(line)
        opened, closed = code_braces(line, state)
        if match and opened:
            stack.append((match.group('kind'), match.group('name') or match.group('kind'), number, depth))
        depth += opened - closed
        while stack and depth <= stack[-1][3]:
            kind, name, start, _ = stack.pop()
            found.append((kind, name, start, number - start + 1))
    return len(lines) - (1 if lines and lines[-1] == '' else 0), found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else 'Sources'
    files, types, funcs = [], {}, []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith('.swift'):
                continue
            path = os.path.join(folder, name)
            count, found = scan(path)
            if count > FILE_LIMIT:
                files.append((count, path))
            for kind, decl, start, length in found:
                if kind in ('struct', 'class', 'enum', 'actor', 'extension', 'protocol'):
                    types.setdefault(decl.split('.')[0] if kind == 'extension' else decl, []).append((length, path))
                elif length > FUNC_LIMIT:
                    funcs.append((length, f'{path}:{start}', decl))
    big_types = sorted(((sum(n for n, _ in parts), name) for name, parts in types.items()), reverse=True)
    print(f'files over {FILE_LIMIT} lines:')
    for count, path in sorted(files, reverse=True):
        print(f'  {count:5}  {path}')
    print(f'types over {TYPE_LIMIT} lines (all extensions together):')
    for count, name in big_types:
        if count > TYPE_LIMIT:
            print(f'  {count:5}  {name}')
    print(f'functions over {FUNC_LIMIT} lines:')
    for length, where, name in sorted(funcs, reverse=True):
        print(f'  {length:5}  {where}  {name}')


if __name__ == '__main__':
    main()
