"""The `redactor` command: a thin click group. Each command lives in its own module, imported
only when that command runs, so `redactor redact` can show its progress bar before the language
model's libraries are loaded."""

from __future__ import annotations

import importlib
from typing import Any

import click

from redactor import __version__

COMMANDS = {  # command name -> (module, function)
    "redact": ("redactor.cli.redact", "redact"),
    "check": ("redactor.cli.check", "check"),
    "detect": ("redactor.cli.detect", "detect"),
    "init-case": ("redactor.cli.init_case", "init_case"),
    "audit": ("redactor.cli.audit", "audit"),
    "review": ("redactor.cli.review", "review"),
}


class LazyGroup(click.Group):
    """A click group whose commands are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C is an error like any other (exit 2, one line), not click's "Aborted!" with
        exit 1, which means "something found"; files are only ever written whole."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("redactor: error: interrupted; files already written are whole, the "
                       "rest were not written", err=True)
            ctx.exit(2)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactor")
def main() -> None:
    """Anonymise Domestic Homicide Review drafts for publication, offline."""
