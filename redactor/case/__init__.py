"""The case: its file (`file`: load and check; `save`: save keeping the chair's comments),
the forms a name is written in (`forms`), pseudonym generation (`pseudonyms`), grouping the
people nobody listed (`people`), what a case leaves unchanged (`terms`: keep terms, pseudonym
forms; shared with detection, which this package never imports) and `redactor init-case`
(`init`, which runs detection).
`from redactor.case import Case` is the case file's API."""

from redactor.case.file import DATE_PRECISIONS, Case, Person, load_case, parse_case
from redactor.case.save import save_case

__all__ = ["DATE_PRECISIONS", "Case", "Person", "load_case", "parse_case", "save_case"]
