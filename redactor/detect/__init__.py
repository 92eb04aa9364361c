"""Detection: one Presidio AnalyzerEngine over the document's blocks (`engine`), with our
recognizers (`recognizers`, data in patterns/recognizers.yaml), names the model misses
(`personnames`), the case file's people and keep terms (`casematch`), public life kept by
default (`publiclife`), dates (`dates`) and the spaCy model (`nlp`, `spacy_components`).
What the model guessed that names no one is dropped by `filters`; letter labels, public
roles and the name word lists are in `labels`; `merge` settles findings with the case
file's mentions and the keeps."""
