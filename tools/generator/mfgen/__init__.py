"""Labelled curved-feature generator (dev-time tool; see ../README.md). Runs on Debian's FreeCAD Python."""

VERSION = "mfgen/1"
