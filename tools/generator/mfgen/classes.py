"""The 25 AAGNet class ids (the order of src/inference/aagnet-classes.ts) and the generator's composite kinds."""

CLASS_NAMES = [
    "chamfer", "through_hole", "triangular_passage", "rectangular_passage", "6sides_passage",
    "triangular_through_slot", "rectangular_through_slot", "circular_through_slot",
    "rectangular_through_step", "2sides_through_step", "slanted_through_step", "Oring", "blind_hole",
    "triangular_pocket", "rectangular_pocket", "6sides_pocket", "circular_end_pocket",
    "rectangular_blind_slot", "v_circular_end_blind_slot", "h_circular_end_blind_slot",
    "triangular_blind_step", "circular_blind_step", "rectangular_blind_step", "round", "stock",
]
CLASS_ID = {name: i for i, name in enumerate(CLASS_NAMES)}
STOCK = CLASS_ID["stock"]
# docs/labelling.md's class for material standing out of the base body (bosses, ribs, feet); made only with
# `--protrusions` (protrusions.py). Not in CLASS_ID: it is no machining kind, and eval's truth id 25 follows stock.
OTHER_FEATURE = 25

# The 24 feature kinds (every class but stock).
FEATURE_KINDS = CLASS_NAMES[:-1]

# Composites real parts are full of (each is a short sequence of the simple operations above).
COMPOSITE_KINDS = [
    "counterbore",          # blind_hole (the bore, its annular floor is the bottom) + drilled hole
    "countersink",          # chamfer (the cone) + drilled hole
    "hole_on_floor",        # pocket / blind step / blind slot, then a hole drilled from its floor
    "pocket_corner_fillet",  # pocket with its vertical corner edges filleted (one round per edge)
    "pocket_floor_fillet",   # pocket with its floor edges filleted (one round per edge)
    "feature_edge_chamfer",  # a feature whose rim edges (feature face | stock face) are chamfered
]

# AAGNet's creation order (steps, slots, through, blind, O-ring, transitions): later kinds cut into earlier ones.
ORDER_GROUP = {}
for _k in ["rectangular_through_step", "2sides_through_step", "slanted_through_step", "triangular_blind_step",
           "circular_blind_step", "rectangular_blind_step"]:
    ORDER_GROUP[_k] = 0
for _k in ["triangular_through_slot", "rectangular_through_slot", "circular_through_slot", "rectangular_blind_slot",
           "v_circular_end_blind_slot", "h_circular_end_blind_slot"]:
    ORDER_GROUP[_k] = 1
for _k in ["through_hole", "triangular_passage", "rectangular_passage", "6sides_passage", "counterbore",
           "countersink"]:
    ORDER_GROUP[_k] = 2
for _k in ["blind_hole", "triangular_pocket", "rectangular_pocket", "6sides_pocket", "circular_end_pocket",
           "hole_on_floor", "pocket_corner_fillet", "pocket_floor_fillet"]:
    ORDER_GROUP[_k] = 3
ORDER_GROUP["Oring"] = 4
ORDER_GROUP["feature_edge_chamfer"] = 5
ORDER_GROUP["chamfer"] = 5
ORDER_GROUP["round"] = 5
