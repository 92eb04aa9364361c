"""The `redactor` command: a thin click group. Each command lives in its own module."""

from __future__ import annotations

import click

from redactor import __version__
from redactor.cli.audit import audit
from redactor.cli.check import check
from redactor.cli.detect import detect
from redactor.cli.init_case import init_case
from redactor.cli.redact import redact
from redactor.cli.review import review


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactor")
def main() -> None:
    """Anonymise Domestic Homicide Review drafts for publication, offline."""


main.add_command(redact)
main.add_command(check)
main.add_command(detect)
main.add_command(init_case)
main.add_command(audit)
main.add_command(review)
