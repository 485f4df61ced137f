"""Labelled curved-feature generator (dev-time tool; see ../README.md). Runs on Debian's FreeCAD Python."""

VERSION = "mfgen/2"  # 2: labels follow docs/labelling.md (composite holes one instance, corner radii in the pocket, blends per smooth chain)
