"""Labelled curved-feature generator (dev-time tool; see ../README.md). Runs on Debian's FreeCAD Python."""

VERSION = "mfgen/4"  # 2: labels follow docs/labelling.md (composite holes one instance, corner radii in the pocket, blends per smooth chain);
# 3: curved faces a blend made that the provenance lookup labelled stock are the blend's (Builder._blend_faces_labelled_stock)
# 4: labels follow the shape left: an instance whose defining face a later cut took is named by what is left
#    (shape_left.py: pocket without floor -> passage, blind slot without end -> through slot, ...)
#    and blend chains of one operation that meet along sharp edges closing a loop are one instance (join_blend_loops)
