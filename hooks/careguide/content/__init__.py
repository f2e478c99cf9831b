"""Content: the YAML under ``content/`` read into one immutable Catalog; knows nothing of MkDocs."""
