"""The part being machined: the current solid, one label per face, instances, and the operations that change
them (cut with a tool body, fillet or chamfer edges). A feature is applied as a unit: when any of its
operations fails, the part goes back to the state before that feature."""
import Part

from .classes import CLASS_ID, OTHER_FEATURE, STOCK
from .provenance import Reject, face_samples, lies_on, outward_normal, single_solid, transfer
from .shape_left import follow_shape_left

TANGENT_DOT = 0.99  # OpenCascade B-spline corner patches meet their fillets within ~6°


def tangent_across(f1, f2, edge):
    """True when the two faces meet tangentially along `edge` (outward normals agree at three points on it)."""
    try:
        a, b = edge.ParameterRange
        for t in (0.25, 0.5, 0.75):
            p = edge.valueAt(a + (b - a) * t)
            n = []
            for f in (f1, f2):
                u, v = f.Surface.parameter(p)
                n.append(outward_normal(f, u, v))
            if n[0].dot(n[1]) < TANGENT_DOT:
                return False
        return True
    except Exception:  # noqa: BLE001 - a degenerate edge or a failed projection: not a tangent edge
        return False


def same_surface(a, b):
    """True when two curved surfaces are the same cylinder or cone (axis line, radius, apex and angle); other kinds never
    (a cast body's curved skin is cones and cylinders; a torus or a B-spline on it is a blend's)."""
    if a.TypeId != b.TypeId or a.TypeId not in ("Part::GeomCylinder", "Part::GeomCone"):
        return False
    if abs(abs(a.Axis.dot(b.Axis)) - 1) > 1e-9:
        return False
    if a.TypeId == "Part::GeomCone":
        return abs(a.SemiAngle - b.SemiAngle) < 1e-9 and (a.Apex - b.Apex).Length < 1e-6
    off = a.Center - b.Center
    return abs(a.Radius - b.Radius) < 1e-6 and (off - b.Axis * off.dot(b.Axis)).Length < 1e-6


def join_blend_loops(sharp, find, parent):
    """Merges the blend chains (union-find `find`/`parent` over instance ids) that the sharp meetings `sharp` (one
    (instance, instance) pair per pair of faces) join into a loop: a component of chains with at least as many
    meetings as chains — a chamfer round a polygonal rim, fillets round a pocket floor with sharp corners. Chains of
    one operation that meet at a corner and go no further round stay apart (docs/labelling.md, "One blend
    operation"; the recognizer's rule in src/stages/recognize/blend-instances.ts)."""
    links = [(find(a), find(b)) for a, b in sharp]
    links = [(a, b) for a, b in links if a != b]
    comp = {}

    def cfind(x):
        while comp.get(x, x) != x:
            x = comp[x]
        return x

    for a, b in links:
        x, y = cfind(a), cfind(b)
        if x != y:
            comp[max(x, y)] = min(x, y)
    chains, count = {}, {}
    for a, b in links:
        r = cfind(a)
        chains.setdefault(r, set()).update((a, b))
        count[r] = count.get(r, 0) + 1
    for a, b in links:
        r = cfind(a)
        if count[r] >= len(chains[r]):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)


class Label(tuple):
    """(class id, instance id or -1 for stock, bottom 0/1)."""

    def __new__(cls, cls_id, inst, bottom):
        return tuple.__new__(cls, (cls_id, inst, bottom))


class Builder:
    def __init__(self, dx, dy, dz, base=None):
        """A box stock [0, dx] x [0, dy] x [0, dz], or `base`: another all-planar base body (a profiled plate's
        extruded outline, plates.py) whose faces are the stock; dx, dy, dz are then its bounding box."""
        self.dims = (dx, dy, dz)
        self.box = Part.makeBox(dx, dy, dz) if base is None else base
        self.shape = self.box.copy()
        self.labels = [Label(STOCK, -1, 0)] * len(self.shape.Faces)
        self.instances = {}  # inst id -> {"class": name, "feature": feature index}
        self.tools = {}  # inst id -> [(faces, labels)] of the tool bodies that made it (for the final check)
        self.blend_edges = {}  # inst id -> [edge] (blend instances)
        self.composites = []  # {"type", "instances": [ids]}
        self.features = []  # {"kind", "params"}
        # docs/labelling.md's convention, applied after the final check (labels only, never the geometry):
        self.joins = {}  # inst id -> host inst id whose instance (and class) its faces join
        self.blend_ops = []  # [inst ids] of one blend operation: grouped into one instance per smooth chain
        self.frames = {}  # inst id -> the frame its first tool was cut in (shape_left reads normals in it)
        self.relabelled = []  # what follow_shape_left changed (written to the label file)
        self.protrusions = {}  # inst id -> the body fused on (`--protrusions` only; protrusions.py)
        self.formed = {}  # inst id -> faces of the base body that are no stock (`--sheet` bends; sheet.py)
        # `--housing` (housing.py) drills bosses and feet and joins ribs to bosses; every other mode keeps both off
        self.protrusions_machinable = False  # a cut may touch a protrusion (a hole drilled into a boss or foot)
        self.protrusions_may_touch = False  # a protrusion may touch another (a rib running into its boss)
        self.curved_stock = False  # the base body has curved faces (a cast skin); see _blend_faces_labelled_stock
        self.dropped_blends = {}  # curved_stock only: inst id -> (instance, edges) of blend edges that got no face
        self._next_inst = 0
        self._feature = -1

    # -- bookkeeping ---------------------------------------------------------------------------------------
    def snapshot(self):
        return (self.shape, list(self.labels), dict(self.instances), dict(self.tools), dict(self.blend_edges),
                list(self.composites), dict(self.joins), list(self.blend_ops), dict(self.frames), self._next_inst,
                dict(self.protrusions), dict(self.dropped_blends))

    def restore(self, snap):
        (self.shape, self.labels, self.instances, self.tools, self.blend_edges, self.composites,
         self.joins, self.blend_ops, self.frames, self._next_inst, self.protrusions, self.dropped_blends) = snap

    def begin_feature(self):
        self._feature = len(self.features)

    def try_feature(self, op, rejected, tries, save=None, restore=None):
        """op() -> (kind, params): one feature, undone and drawn again (up to `tries` times) when it is rejected; counts
        each rejection by reason in `rejected` and a feature given up as `feature-dropped`. `save()`/`restore(state)` keep
        a caller's own state (a turned part's taken positions) in step with the shape. Returns (kind, params) or
        (None, None)."""
        for _ in range(tries):
            snap, own = self.snapshot(), save() if save else None
            self.begin_feature()
            try:
                kind, params = op()
                self.features.append({"kind": kind, "params": params})
                return kind, params
            except Reject as r:
                self.restore(snap)
                if restore:
                    restore(own)
                rejected[r.reason] = rejected.get(r.reason, 0) + 1
        rejected["feature-dropped"] = rejected.get("feature-dropped", 0) + 1
        return None, None

    def new_instance(self, class_name):
        inst = self._next_inst
        self._next_inst += 1
        self.instances[inst] = {"class": class_name, "feature": self._feature}
        return inst

    def join(self, insts, host):
        """Record that the faces of `insts` belong to the instance `host` under docs/labelling.md (a counterbore's
        bore or a countersink's cone joins its hole, a pocket's corner radii join the pocket). Applied by
        apply_convention after the final check, so the operations, their checks and the geometry are unchanged."""
        for i in insts:
            self.joins[i] = host

    def faces_of(self, inst):
        return [i for i, lab in enumerate(self.labels) if lab[1] == inst]

    def require_faces(self, inst, what):
        if not self.faces_of(inst):
            raise Reject("feature-left-no-face", what)

    # -- operations ----------------------------------------------------------------------------------------
    def cut(self, tool, class_name, inst, frame, bottom_rule, what):
        """Cut `tool` out of the part. bottom_rule(local point, local outward normal of the tool face) -> bool."""
        if not tool.isValid() or tool.Volume <= 0:
            raise Reject("tool-invalid", what)
        for body in ([] if self.protrusions_machinable else self.protrusions.values()):
            # protrusions are never machined: a feature whose tool touches one is drawn again
            if tool.distToShape(body)[0] < 1e-6:
                raise Reject("tool-hits-protrusion", what)
        for faces in self.formed.values():
            # a sheet's bends are formed, not machined: a cut is drawn again when its tool touches one
            if any(tool.distToShape(f)[0] < 1e-6 for f in faces):
                raise Reject("tool-hits-bend", what)
        # other_feature is no AAGNet class: cut only by --turned (a turned section is material turned away)
        cls = OTHER_FEATURE if class_name == "other_feature" else CLASS_ID[class_name]
        tool_labels = []
        for f in tool.Faces:
            p, n = face_samples(f, 1)[0]
            tool_labels.append(Label(cls, inst, 1 if bottom_rule(frame.local(p), frame.local_dir(n)) else 0))
        old = self.shape
        new = self._boolean(old.cut, tool, what)
        if new.Volume >= old.Volume - 1e-6:
            raise Reject("tool-missed-material", what)
        labels = transfer(new, [(old.Faces, self.labels, 1), (tool.Faces, tool_labels, -1)])
        self.shape, self.labels = new, labels
        self.tools.setdefault(inst, []).append((tool.Faces, tool_labels))
        self.frames.setdefault(inst, frame)
        self.require_faces(inst, what)

    @staticmethod
    def _boolean(operation, other, what):
        """`operation(other)` (the part's cut or fuse), as one solid; a failed boolean or a result that is not one
        solid rejects the part."""
        try:
            result = operation(other)
        except Exception as e:  # noqa: BLE001 - OCC raises plain exceptions on failed booleans
            raise Reject("boolean-failed", f"{what}: {e}")
        return single_solid(result, what)

    def fuse(self, body, inst, what):
        """Fuse a protrusion `body` (standing on a stock face) onto the part; its faces are `other_feature` of
        instance `inst`, never bottom. Faces of the part keep their labels (the face it stands on stays stock)."""
        if not body.isValid() or body.Volume <= 0:
            raise Reject("tool-invalid", what)
        old = self.shape
        new = self._boolean(old.fuse, body, what)
        if new.Volume <= old.Volume + 1e-6:
            raise Reject("body-added-nothing", what)
        for other in ([] if self.protrusions_may_touch else self.protrusions.values()):
            if body.distToShape(other)[0] < 1.0:
                raise Reject("protrusions-touch", what)
        labels = transfer(new, [(old.Faces, self.labels, 1), (body.Faces, [Label(OTHER_FEATURE, inst, 0)] *
                                                               len(body.Faces), 1)])
        self.shape, self.labels = new, labels
        self.protrusions[inst] = body
        self.require_faces(inst, what)

    def blend(self, kind, edges, size, what):
        """Fillet (kind 'round') or chamfer edges of the current part; one new instance per edge."""
        old = self.shape
        cls = CLASS_ID[kind]
        insts = [self.new_instance(kind) for _ in edges]
        try:
            result = old.makeFillet(size, edges) if kind == "round" else old.makeChamfer(size, edges)
        except Exception as e:  # noqa: BLE001
            raise Reject("blend-failed", f"{what}: {e}")
        new = single_solid(result, what)
        vertices = [Part.Vertex(e.Vertexes[0].Point) for e in edges]  # unused: keeps edges alive
        del vertices

        def nearest_edge(face, p):
            v = Part.Vertex(p)
            best, best_d = None, None
            for inst, e in zip(insts, edges):
                d = e.distToShape(v)[0]
                if best_d is None or d < best_d:
                    best, best_d = inst, d
            return Label(cls, best, 0)

        labels = transfer(new, [(old.Faces, self.labels, 1)], fallback=nearest_edge)
        self.shape, self.labels = new, labels
        for inst, e in zip(insts, edges):
            self.blend_edges[inst] = [e]
        # Per-edge instances that got no face (a blend swallowed by its neighbour) are dropped.
        for inst in insts:
            if not self.faces_of(inst):
                if self.curved_stock:
                    self.dropped_blends[inst] = (self.instances[inst], self.blend_edges[inst])
                del self.instances[inst]
                del self.blend_edges[inst]
        if not any(self.faces_of(i) for i in insts):
            raise Reject("feature-left-no-face", what)
        self.blend_ops.append(list(insts))
        return insts

    # -- queries -------------------------------------------------------------------------------------------
    def edge_faces(self):
        """hashCode of each edge -> (edge, [face indices])."""
        out = {}
        for i, f in enumerate(self.shape.Faces):
            for e in f.Edges:
                h = e.hashCode()
                if h not in out:
                    out[h] = (e, [])
                if i not in out[h][1]:
                    out[h][1].append(i)
        return out

    # -- the labelling convention -------------------------------------------------------------------------
    def apply_convention(self):
        """Relabel the checked part as docs/labelling.md labels real parts; the construction labels (one instance
        per tool body or blended edge) are what the provenance check verified.
          0. a blind hole (not a counterbore's bore) with no floor face left runs into another feature: it opens
             at both ends and is a `through_hole` (docs/labelling.md, "Faces shared by two features");
          1. joins: a face of a joined instance takes its host's class and instance (bottom flags stay: the
             annular floor of a counterbore is a bottom face, corner radii are not);
          2. blends: the blend instances of one operation that are still fillets/chamfers are merged across the
             edges where their faces meet tangentially (smooth chains), and the chains that meet along sharp edges
             where those meetings close a loop (join_blend_loops; docs/labelling.md, "One blend operation").
          3. the shape left (mfgen/4, shape_left.py): an instance whose defining face another cut took is named by
             the class its remaining faces form (a pocket with no floor left is a passage, a blind slot with no end
             wall a through slot, ...).
        Instance ids are kept (the smallest id of a merged group), so composites and features still refer to them."""
        def root(i):
            seen = set()
            while i in self.joins and i not in seen:
                seen.add(i)
                i = self.joins[i]
            return i

        self._blend_faces_labelled_stock()
        # a blind hole whose floor a later feature cut away opens at both ends: a through hole
        floored = {inst for _, inst, bottom in self.labels if bottom}
        opened = {i for i, v in self.instances.items() if v["class"] == "blind_hole" and i not in floored
                  and i not in self.joins}
        for i in opened:
            self.instances[i] = dict(self.instances[i], **{"class": "through_hole"})
        self.labels = [Label(CLASS_ID["through_hole"], inst, bottom) if inst in opened else Label(cls, inst, bottom)
                       for cls, inst, bottom in self.labels]
        target = {}
        for i in list(self.instances):
            r = root(i)
            if r != i and r in self.instances:
                target[i] = r
        labels = []
        for cls, inst, bottom in self.labels:
            if inst in target:
                host = target[inst]
                labels.append(Label(CLASS_ID[self.instances[host]["class"]], host, bottom))
            else:
                labels.append(Label(cls, inst, bottom))
        # smooth chains inside one blend operation
        parent = {}

        def find(i):
            while parent.get(i, i) != i:
                i = parent[i]
            return i

        op_of = {}
        for k, op in enumerate(self.blend_ops):
            for i in op:
                if i not in target and i in self.instances:
                    op_of[i] = k
        sharp = {}  # face pair -> instances of one operation meeting along a sharp edge
        for e, faces in self.edge_faces().values():
            if len(faces) != 2:
                continue
            a, b = (labels[f][1] for f in faces)
            if a == b or a not in op_of or b not in op_of or op_of[a] != op_of[b]:
                continue
            if tangent_across(self.shape.Faces[faces[0]], self.shape.Faces[faces[1]], e):
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            else:
                sharp[tuple(sorted(faces))] = (a, b)
        join_blend_loops(list(sharp.values()), find, parent)
        labels = [Label(c, find(i) if i in op_of else i, bt) for c, i, bt in labels]
        merged = {i for i in self.instances if i in target or (i in op_of and find(i) != i)}
        self.instances = {i: v for i, v in self.instances.items() if i not in merged}
        for c in self.composites:
            c["instances"] = sorted({target.get(i, i) for i in c["instances"]})
        self.labels = labels
        self.relabelled = follow_shape_left(self)

    def _blend_faces_labelled_stock(self):
        """A curved face labelled stock was made by a blend: the stock is a box, its faces are planes. It happens where
        a fillet turns round a corner radius (a torus of tube radius r between the round's cylinders and the top
        face): the torus is a strip a few tenths of a millimetre wide, and face_samples can pick all its points
        within 1e-4 mm of the plane it meets tangentially, so the provenance lookup gave it the plane's label and
        the check accepted it. By docs/labelling.md it is a face of the fillet operation: it takes the blend instance
        of a neighbour it meets tangentially (then joins and smooth chains apply as to any face of that blend).
        Labels only; a face with no such neighbour keeps its label. A base body with curved faces of its own (a cast
        housing's cones, `curved_stock`): a curved stock face on the surface of one of the base body's faces is its
        skin; any other (a fillet's torus strip) is a blend's, as on a box."""
        base = [f.Surface for f in self.box.Faces] if self.curved_stock else []
        pending = {i for i, lab in enumerate(self.labels) if lab[0] == STOCK
                   and self.shape.Faces[i].Surface.TypeId != "Part::GeomPlane"
                   and not any(same_surface(self.shape.Faces[i].Surface, g) for g in base)}
        if not pending:
            return
        edges = self.edge_faces().values()
        while pending:
            changed = True
            while pending and changed:
                changed = False
                for e, faces in edges:
                    if len(faces) != 2:
                        continue
                    for a, b in (faces, faces[::-1]):
                        if a not in pending:
                            continue
                        cls, inst, _ = self.labels[b]
                        if inst in self.blend_edges and b not in pending and \
                                tangent_across(self.shape.Faces[a], self.shape.Faces[b], e):
                            self.labels[a] = Label(cls, inst, 0)
                            pending.discard(a)
                            changed = True
            if not pending or not self.curved_stock:
                return
            self._label_by_nearest_blend_edge(min(pending))
            pending.discard(min(pending))

    def _label_by_nearest_blend_edge(self, i):
        """curved_stock only: a curved face labelled stock with no blend face tangent to it is a whole fillet (a torus
        round a boss's foot) whose provenance samples fell within tolerance of the plane it blends into. It is the
        fillet of the blended edge nearest to it; that edge's instance is brought back if the blend had dropped it
        for having no face."""
        face = self.shape.Faces[i]
        best, best_d = None, None
        for inst, edges in list(self.blend_edges.items()) + [(k, v[1]) for k, v in self.dropped_blends.items()]:
            d = min(face.distToShape(e)[0] for e in edges)
            if best_d is None or d < best_d:
                best, best_d = inst, d
        if best is None:
            return
        if best not in self.instances:
            self.instances[best], self.blend_edges[best] = self.dropped_blends[best]
        self.labels[i] = Label(CLASS_ID[self.instances[best]["class"]], best, 0)

    # -- final check ---------------------------------------------------------------------------------------
    def verify(self):
        """Independent check of every label against the modelling history: a stock face lies on the stock box
        with the same normal, a cut face on a face of one of its instance's tool bodies with the opposite
        normal, a blend face on neither the box nor any tool. Raises Reject on the first mismatch."""
        shape = single_solid(self.shape, "final")
        if len(self.labels) != len(shape.Faces):
            raise Reject("labels-do-not-cover-faces", f"{len(self.labels)} labels, {len(shape.Faces)} faces")
        box_faces = self.box.Faces
        for face, lab in zip(shape.Faces, self.labels):
            cls, inst, _ = lab
            for p, n in face_samples(face):
                on_box = any(lies_on(g, p, n, 1) for g in box_faces)
                if cls == STOCK:
                    if inst != -1 or not on_box:
                        raise Reject("provenance-check-failed", f"stock face off the box at {p}")
                    continue
                if inst not in self.instances:
                    raise Reject("provenance-check-failed", f"unknown instance {inst}")
                if inst in self.protrusions:
                    if cls != OTHER_FEATURE or not any(lies_on(g, p, n, 1) for g in self.protrusions[inst].Faces):
                        raise Reject("provenance-check-failed", f"protrusion {inst} face off its body at {p}")
                    continue
                if inst in self.formed:
                    if cls != OTHER_FEATURE or not any(lies_on(g, p, n, 1) for g in self.formed[inst]):
                        raise Reject("provenance-check-failed", f"formed face {inst} off the base body at {p}")
                    continue
                if inst in self.blend_edges:
                    if on_box:
                        raise Reject("provenance-check-failed", f"blend face on the box at {p}")
                    continue
                if not any(lies_on(g, p, n, -1) for faces, _ in self.tools.get(inst, []) for g in faces):
                    raise Reject("provenance-check-failed", f"instance {inst} face not on its tool at {p}")
        return shape
