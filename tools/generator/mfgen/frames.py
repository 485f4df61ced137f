"""Local frames on the stock's faces and prism tools built from 2-D profiles in those frames.

A frame has an origin on a stock face, in-plane axes eu, ev and the outward normal n = eu x ev; the material
lies at z < 0. A profile is a closed list of segments in (u, v); a tool is that profile extruded from
z = +overshoot down to z = -depth, so its top never coincides with the face it enters.
"""
import math

import FreeCAD
import Part

V = FreeCAD.Vector
OVERSHOOT = 1.0


class Frame:
    def __init__(self, origin, eu, ev, n, U, Vlen, D, name):
        self.origin, self.eu, self.ev, self.n = V(origin), V(eu), V(ev), V(n)
        self.U, self.V, self.D, self.name = U, Vlen, D, name

    def point(self, u, v, z=0.0):
        return self.origin + self.eu * u + self.ev * v + self.n * z

    def local(self, p):
        d = p - self.origin
        return d.dot(self.eu), d.dot(self.ev), d.dot(self.n)

    def local_dir(self, d):
        return d.dot(self.eu), d.dot(self.ev), d.dot(self.n)

    def rotated(self, k):
        """The same face seen from another corner: k quarter turns, so edge/corner features can use v = 0 / (0, 0)."""
        f = self
        for _ in range(k % 4):
            f = Frame(f.origin + f.eu * f.U, f.ev, -f.eu, f.n, f.V, f.U, f.D, f.name)
        return f

    def sunk(self, depth, name):
        """A frame on a floor `depth` below this face (same axes)."""
        return Frame(self.origin - self.n * depth, self.eu, self.ev, self.n, self.U, self.V, self.D - depth, name)

    def describe(self):
        return {"face": self.name, "origin": [round(c, 6) for c in self.origin], "n": [round(c, 6) for c in self.n]}


def stock_frames(dx, dy, dz):
    """The six faces of the box [0,dx]x[0,dy]x[0,dz]."""
    dims = [dx, dy, dz]
    axes = [V(1, 0, 0), V(0, 1, 0), V(0, 0, 1)]
    out = []
    for a in range(3):
        b, c = (a + 1) % 3, (a + 2) % 3
        for side in (0, 1):
            n = axes[a] * (1 if side else -1)
            eu = axes[b]
            ev = n.cross(eu)
            origin = V(0, 0, 0)
            origin += axes[a] * (dims[a] if side else 0.0)
            # ev is +/- axes[c]: start v at the face's edge on the side ev points away from.
            if ev.dot(axes[c]) < 0:
                origin += axes[c] * dims[c]
            out.append(Frame(origin, eu, ev, n, dims[b], dims[c], dims[a], ("-+"[side]) + "xyz"[a]))
    return out


def profile_face(frame, segments, z):
    """segments: [('line', (u0, v0), (u1, v1)) | ('arc', (u0, v0), (um, vm), (u1, v1))], a closed loop."""
    edges = []
    for s in segments:
        pts = [frame.point(p[0], p[1], z) for p in s[1:]]
        if s[0] == "line":
            edges.append(Part.LineSegment(pts[0], pts[1]).toShape())
        elif s[0] == "arc":
            edges.append(Part.Arc(pts[0], pts[1], pts[2]).toShape())
        elif s[0] == "circle":
            c = frame.point(s[1][0], s[1][1], z)
            edges.append(Part.makeCircle(s[2], c, frame.n))
        else:
            raise ValueError(s[0])
    return Part.Face(Part.Wire(edges))


def polygon(pts):
    return [("line", pts[i], pts[(i + 1) % len(pts)]) for i in range(len(pts))]


def prism(frame, segments, depth, top=OVERSHOOT, holes=()):
    """The profile extruded from z = +top down to z = -depth; `holes` are inner loops (an O-ring's core)."""
    face = profile_face(frame, segments, top)
    if holes:
        inner = [profile_face(frame, h, top) for h in holes]
        face = face.cut(inner).Faces[0]
    solid = face.extrude(frame.n * (-(depth + top)))
    if solid.Volume < 0:
        solid.reverse()
    return solid


def cylinder(frame, u, v, r, depth, top=OVERSHOOT):
    return Part.makeCylinder(r, depth + top, frame.point(u, v, top), frame.n * -1)


def cone(frame, u, v, r_face, half_angle_deg, top=OVERSHOOT):
    """A countersink cone: radius r_face at z = 0, apex below, opening up to z = +top."""
    t = math.tan(math.radians(half_angle_deg))
    h_below = r_face / t
    return Part.makeCone(r_face + top * t, 0.0, h_below + top, frame.point(u, v, top), frame.n * -1)


def regular_polygon(cu, cv, r, sides, phase):
    return [(cu + r * math.cos(phase + 2 * math.pi * k / sides), cv + r * math.sin(phase + 2 * math.pi * k / sides))
            for k in range(sides)]
