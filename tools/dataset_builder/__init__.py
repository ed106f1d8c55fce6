"""Pieces of tools/build_datasets.py: the default image and speech datasets from Debian media."""
