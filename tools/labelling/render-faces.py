#!/usr/bin/python3
"""Renders a part dump (from `label-part.ts <Dnn> dump`) as PNG views with face ids written on the faces.

    /usr/bin/python3 tools/labelling/render-faces.py .cache/labelling/D05.dump.json [--labels labels/realworld/D05.json]
        [--views iso|all|"az,el;az,el..."] [--only 12,13,40..60] [--size 900] [--out .cache/labelling/D05]

A small z-buffer rasteriser (numpy) so hidden faces are really hidden and each visible face gets its id at
a pixel inside its visible region; face borders are drawn dark. Without --labels faces get distinct pastel
colours; with --labels they are coloured by class (stock grey) and the id is followed by the class initials.
Uses only Debian's python3-numpy and python3-matplotlib.
"""
import argparse
import json
import math
import sys

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CLASS_SHORT = {
    "chamfer": "ch", "through_hole": "TH", "triangular_passage": "tPa", "rectangular_passage": "rPa",
    "6sides_passage": "6Pa", "triangular_through_slot": "tTS", "rectangular_through_slot": "rTS",
    "circular_through_slot": "cTS", "rectangular_through_step": "rTSt", "2sides_through_step": "2TSt",
    "slanted_through_step": "sTSt", "Oring": "OR", "blind_hole": "BH", "triangular_pocket": "tPo",
    "rectangular_pocket": "rPo", "6sides_pocket": "6Po", "circular_end_pocket": "cPo",
    "rectangular_blind_slot": "rBS", "v_circular_end_blind_slot": "vBS", "h_circular_end_blind_slot": "hBS",
    "triangular_blind_step": "tBSt", "circular_blind_step": "cBSt", "rectangular_blind_step": "rBSt",
    "round": "rd", "stock": "", "other_feature": "OF",
}
VIEWS_ISO = [(45, 35), (135, 35), (225, 35), (315, 35)]
VIEWS_BELOW = [(45, -35), (135, -35), (225, -35), (315, -35)]
VIEWS_AXES = [(0, 0), (90, 0), (180, 0), (270, 0), (0, 90), (0, -90)]


def parse_ids(text):
    out = set()
    for tok in text.split(","):
        if ".." in tok:
            a, b = tok.split("..")
            out.update(range(int(a), int(b) + 1))
        elif tok:
            out.add(int(tok))
    return out


def view_basis(az_deg, el_deg):
    az, el = math.radians(az_deg), math.radians(el_deg)
    eye = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
    up = np.array([0.0, 0.0, 1.0]) if abs(el_deg) < 89 else np.array([-math.cos(az), -math.sin(az), 0.0]) * np.sign(el_deg)
    right = np.cross(up, eye)
    right /= np.linalg.norm(right)
    up2 = np.cross(eye, right)
    return right, up2, eye


def rasterise(tris, face_of_tri, right, up, eye, size, lo, hi):
    """Returns (face-id buffer with -1 background, shade buffer)."""
    p2 = np.stack([tris @ right, tris @ up], axis=-1)  # (T,3,2)
    depth = tris @ eye  # (T,3), larger = closer to the viewer
    span = max(hi[0] - lo[0], hi[1] - lo[1]) * 1.04
    centre = (lo + hi) / 2
    px = (p2 - centre) / span * size + size / 2
    px[..., 1] = size - px[..., 1]
    zbuf = np.full((size, size), -np.inf)
    fbuf = np.full((size, size), -1, dtype=np.int64)
    sbuf = np.zeros((size, size))
    normals = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    norm = np.linalg.norm(normals, axis=1)
    norm[norm == 0] = 1
    shade = np.abs(normals @ eye) / norm
    for t in range(len(tris)):
        a, b, c = px[t]
        xmin = max(int(math.floor(min(a[0], b[0], c[0]))), 0)
        xmax = min(int(math.ceil(max(a[0], b[0], c[0]))), size - 1)
        ymin = max(int(math.floor(min(a[1], b[1], c[1]))), 0)
        ymax = min(int(math.ceil(max(a[1], b[1], c[1]))), size - 1)
        if xmin > xmax or ymin > ymax:
            continue
        area = (b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])
        if abs(area) < 1e-12:
            continue
        xs, ys = np.meshgrid(np.arange(xmin, xmax + 1) + 0.5, np.arange(ymin, ymax + 1) + 0.5)
        w0 = ((b[0] - xs) * (c[1] - ys) - (c[0] - xs) * (b[1] - ys)) / area
        w1 = ((c[0] - xs) * (a[1] - ys) - (a[0] - xs) * (c[1] - ys)) / area
        w2 = 1 - w0 - w1
        inside = (w0 >= -1e-6) & (w1 >= -1e-6) & (w2 >= -1e-6)
        if not inside.any():
            continue
        z = w0 * depth[t, 0] + w1 * depth[t, 1] + w2 * depth[t, 2]
        sub = zbuf[ymin:ymax + 1, xmin:xmax + 1]
        closer = inside & (z > sub)
        sub[closer] = z[closer]
        fbuf[ymin:ymax + 1, xmin:xmax + 1][closer] = face_of_tri[t]
        sbuf[ymin:ymax + 1, xmin:xmax + 1][closer] = shade[t]
    return fbuf, sbuf


def label_point(mask):
    """A pixel well inside the mask: repeated erosion, keep the last non-empty layer's median pixel."""
    cur = mask
    for _ in range(40):
        nxt = cur.copy()
        nxt[1:, :] &= cur[:-1, :]
        nxt[:-1, :] &= cur[1:, :]
        nxt[:, 1:] &= cur[:, :-1]
        nxt[:, :-1] &= cur[:, 1:]
        if not nxt.any():
            break
        cur = nxt
    ys, xs = np.nonzero(cur)
    k = np.argsort(ys * 100000 + xs)[len(ys) // 2]
    return xs[k], ys[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--labels")
    ap.add_argument("--views", default="iso")
    ap.add_argument("--only")
    ap.add_argument("--hide")
    ap.add_argument("--size", type=int, default=900)
    ap.add_argument("--out")
    ap.add_argument("--font", type=float, default=7)
    args = ap.parse_args()
    dump = json.load(open(args.dump))
    faces = dump["faces"]
    if args.only:
        keep = parse_ids(args.only)
        faces = [f for f in faces if f["stepId"] in keep]
    if args.hide:
        drop = parse_ids(args.hide)
        faces = [f for f in faces if f["stepId"] not in drop]
    labels = json.load(open(args.labels))["faces"] if args.labels else {}
    tri_list, owner = [], []
    for i, f in enumerate(faces):
        t = np.array(f["triangles"], dtype=float).reshape(-1, 3, 3)
        tri_list.append(t)
        owner.extend([i] * len(t))
    tris = np.concatenate(tri_list) if tri_list else np.zeros((0, 3, 3))
    owner = np.array(owner)
    # tab20 without its two greys (grey is stock), then tab20b: one distinct colour per class.
    palette = [c for k, c in enumerate(plt.get_cmap("tab20").colors) if k not in (14, 15)] + list(plt.get_cmap("tab20b").colors)
    classes = sorted(CLASS_SHORT)
    colours = np.zeros((len(faces), 3))
    for i, f in enumerate(faces):
        lab = labels.get(str(f["stepId"]))
        if lab:
            colours[i] = (0.78, 0.78, 0.78) if lab["class"] == "stock" else palette[classes.index(lab["class"])][:3]
        else:
            h = (f["stepId"] * 0.6180339887) % 1
            colours[i] = matplotlib.colors.hsv_to_rgb((h, 0.35, 0.95))
    if args.views == "iso":
        views = VIEWS_ISO
    elif args.views == "below":
        views = VIEWS_BELOW
    elif args.views == "axes":
        views = VIEWS_AXES
    elif args.views == "all":
        views = VIEWS_ISO + VIEWS_BELOW
    else:
        views = [tuple(float(x) for x in v.split(",")) for v in args.views.split(";")]
    out = args.out or args.dump.replace(".dump.json", "")
    pts = tris.reshape(-1, 3)
    written = []
    for vi in range(0, len(views), 2):
        pair = views[vi:vi + 2]
        fig, axes = plt.subplots(1, len(pair), figsize=(len(pair) * args.size / 100, args.size / 100), dpi=100)
        axes = np.atleast_1d(axes)
        for ax, (az, el) in zip(axes, pair):
            right, up, eye = view_basis(az, el)
            p2 = np.stack([pts @ right, pts @ up], axis=-1)
            fbuf, sbuf = rasterise(tris, owner, right, up, eye, args.size, p2.min(axis=0), p2.max(axis=0))
            img = np.ones((args.size, args.size, 3))
            m = fbuf >= 0
            img[m] = colours[fbuf[m]] * (0.45 + 0.55 * sbuf[m])[:, None]
            edge = np.zeros_like(m)
            edge[1:, :] |= fbuf[1:, :] != fbuf[:-1, :]
            edge[:, 1:] |= fbuf[:, 1:] != fbuf[:, :-1]
            img[edge] = (0.1, 0.1, 0.1)
            ax.imshow(img, interpolation="nearest")
            for i in np.unique(fbuf[m]):
                mask = fbuf == i
                if mask.sum() < 12:
                    continue
                x, y = label_point(mask)
                sid = faces[i]["stepId"]
                lab = labels.get(str(sid))
                text = f"{sid}" + (f" {CLASS_SHORT[lab['class']]}" if lab and CLASS_SHORT.get(lab["class"]) else "")
                ax.text(x, y, text, fontsize=args.font, ha="center", va="center", color="black",
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
            ax.set_title(f"az {az:g} el {el:g}", fontsize=8)
            ax.axis("off")
        fig.tight_layout()
        path = f"{out}-v{vi // 2}.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    print("\n".join(written))


if __name__ == "__main__":
    sys.exit(main())
