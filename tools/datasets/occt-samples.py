"""Second real dev set: OpenCascade's own sample parts, written as STEP files (dev-time tool).

Debian's `occt-misc` package (a dependency of `freecad-python3`) ships the sample shapes of OpenCascade's
demos under /usr/share/opencascade/data: a pump nut and cover, a crank arm, a motor, a gearbox top and
bottom, an engine block... They come from another modelling lineage than the shared realworld set
(Matra-Datavision / OpenCascade, BREP), so they measure how recognition carries to parts nobody tuned on.
The data stay in the Debian package; this script writes them to STEP (FreeCAD's OpenCascade 7.6 exporter)
with a fixed header timestamp, so the bytes, the STEP ids and the sha256 the labels pin are the same on
every machine with the same package versions.

    /usr/bin/python3 tools/datasets/occt-samples.py [--out .cache/occt-samples]

Labels: labels/occt-samples/ (specs in tools/labelling/specs/occt-samples/; docs/labelling.md).
"""
import argparse
import os
import sys
from pinned_step import export_pinned_step  # this folder is on sys.path when run as a script

sys.path.append('/usr/lib/freecad-python3/lib')

DATA = '/usr/share/opencascade/data/occ'

# code, sample file, name in the output. `.rle` files are Draw dumps: a BREP after a two-line header.
SAMPLES = [
    ('P01', 'Pump_TopCover.brep', 'pump_top_cover'),
    ('P02', 'Pump_Nut.brep', 'pump_nut'),
    ('P03', 'CrankArm.brep', 'crank_arm'),
    ('P04', 'Motor-c.brep', 'motor'),
    ('P05', 'Axis_of_bearing.brep', 'axis_of_bearing'),
    ('P06', 'Top.brep', 'gearbox_top'),
    ('P07', 'Bottom.brep', 'gearbox_bottom'),
    ('P08', 'EngineBlock.rle', 'engine_block'),
    ('P09', 'CylinderHead.rle', 'cylinder_head'),
    ('P10', 'Piston.rle', 'piston'),
    ('P11', 'mal_ecrou.brep', 'nut'),
    ('P12', 'mal_tige.brep', 'rod'),
    ('P13', 'mal_vis.brep', 'screw'),
]

FIXED_TIME = '2000-01-01T00:00:00'


def read_shape(path):
    import Part
    if path.endswith('.rle'):
        with open(path, 'rb') as f:
            lines = f.read().split(b'\n')
        tmp = '/tmp/occt-sample-%d.brep' % os.getpid()
        with open(tmp, 'wb') as f:
            f.write(b'\n'.join(lines[2:]))
        path = tmp
    shape = Part.Shape()
    shape.read(path)
    return shape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='.cache/occt-samples')
    args = ap.parse_args()
    if not os.path.isdir(DATA):
        sys.exit('no %s: apt-get install occt-misc (comes with freecad-python3)' % DATA)
    import FreeCAD  # noqa: F401  (loads the Part module's runtime)
    os.makedirs(args.out, exist_ok=True)
    for code, sample, name in SAMPLES:
        shape = read_shape(os.path.join(DATA, sample))
        out = os.path.join(args.out, '%s__%s.step' % (code, name))
        export_pinned_step(shape, out, FIXED_TIME)
        print('%s %-24s solids %2d faces %4d -> %s' % (code, sample, len(shape.Solids), len(shape.Faces), out))


if __name__ == '__main__':
    main()
