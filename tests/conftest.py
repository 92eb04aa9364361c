"""Shared fixtures. Stage tests use hand-built documents; model tests are marked `model`."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from types import ModuleType

import pytest

from redactor.case import Case, parse_case

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def load_script(name: str, path: Path) -> ModuleType:
    """A script that is not part of the package (a benchmark, the corpus builder) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to connect a socket (run-time code must be offline)."""

    def refuse(self: socket.socket, *args: object, **kwargs: object) -> None:
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def make_case():
    """Build a `Case` from a plain dict, as if read from YAML."""

    def build(data: dict) -> Case:
        return parse_case(data)

    return build
