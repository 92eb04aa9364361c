"""Detection: one Presidio AnalyzerEngine over the document's blocks (`engine`), with our
recognizers (`recognizers`, data in patterns/recognizers.yaml), names the model misses
(`personnames`), the case file's people and keep terms (`casematch`), public life kept by
default (`publiclife`), dates (`dates`) and the spaCy model (`nlp`, `spacy_components`)."""
