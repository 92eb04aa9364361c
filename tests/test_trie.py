import random
import re

import pytest

from redactor.trie import trie_pattern

TERMS = ["sarah", "sarah jenkins", "sal", "s.j.", "jenkins", "mrs jenkins", "mr jenkins", "jen"]


@pytest.mark.parametrize("term", TERMS)
def test_each_term_matches_whole(term: str) -> None:
    assert re.fullmatch(trie_pattern(TERMS), term)


@pytest.mark.parametrize("text", ["sara", "sarah j", "jenkin", "mrs", "s.j", ""])
def test_nothing_else_matches_whole(text: str) -> None:
    assert not re.fullmatch(trie_pattern(TERMS), text)


def test_longest_term_wins_at_a_position() -> None:
    assert re.match(trie_pattern(TERMS), "sarah jenkins said").group(0) == "sarah jenkins"


def test_same_leftmost_longest_matches_as_a_sorted_alternation() -> None:
    rng = random.Random(3)
    words = ["ann", "anna", "an", "nab", "bob", "bo", "b", "nn"]
    terms = [" ".join(rng.sample(words, rng.randint(1, 2))) for _ in range(30)]
    plain = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    trie = trie_pattern(set(terms))
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(8))
        bounded = r"(?<!\w)(?:{})(?!\w)"
        assert ([m.span() for m in re.finditer(bounded.format(trie), text)]
                == [m.span() for m in re.finditer(bounded.format(plain), text)])


def test_no_terms_match_nothing() -> None:
    assert not re.search(trie_pattern([]), "anything")
