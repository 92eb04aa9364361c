"""redactor: offline anonymisation of Domestic Homicide Review drafts for publication."""

__version__ = "0.1.0"
