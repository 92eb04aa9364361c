"""Many literal terms as one compact regex: a prefix trie, so the engine tries each
character once instead of every term at every position (Python's `re` does not do this
for a plain alternation)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_END = ""


def trie_pattern(terms: Iterable[str], atoms: Callable[[str], list[str]] | None = None) -> str:
    """A regex (no groups that capture) matching exactly `terms`, longest alternative first.

    `atoms` splits a term into regex pieces (default: each character escaped); a piece may be
    a small regex such as `\\s+`, and terms sharing pieces share the trie's branches.
    Case-folding is the caller's: compile with re.IGNORECASE and give lower-case terms.
    """
    split = atoms or (lambda term: [re.escape(c) for c in term])
    root: dict[str, dict] = {}
    for term in terms:
        if not term:
            continue
        node = root
        for atom in split(term):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _render(root) if root else "(?!)"


def _render(node: dict[str, dict]) -> str:
    ends_here = _END in node
    branches = [atom + _render(child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    # Longer matches first: a branch continues the term, so it is tried before stopping.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body
