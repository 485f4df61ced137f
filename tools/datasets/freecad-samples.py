"""Fourth real dev set: FreeCAD's own CAM test parts and tool-bit bodies, written as STEP files (dev-time tool).

Debian's `freecad-python3` package installs the test documents of FreeCAD's Path (CAM) workbench under
/usr/share/freecad/Mod/Path/PathTests and the bodies of its tool-bit shapes under /usr/share/freecad/Mod/Path/Tools/Shape:
a drilling test plate, a plate with holes, a stepped block for adaptive clearing, seven small cut blocks and pads of
the geometry-operation tests, and nine revolved cutters (end mill, ball end, bull nose, chamfer, v-bit, drill,
thread mill, slitting saw, probe). They are modelled in FreeCAD's PartDesign and Part workbenches, another lineage
than the other three sets, and nobody tuned recognition on them.

Each chosen top-level solid is read from the shape FreeCAD stored in the document (the `PartShape*.brp` BREP that
Document.xml names for the object's `Shape` property; nothing is recomputed, so no PartDesign module is needed) and
written to STEP by FreeCAD's OpenCascade 7.6 exporter with a fixed header timestamp, so the bytes, the STEP ids and
the sha256 the labels pin are the same on every machine with the same package versions.

    /usr/bin/python3 tools/datasets/freecad-samples.py [--out .cache/freecad-samples]

Left out: PathTests/boxtest.fcstd (its model is a plain Part::Box, six stock faces, and its tool bits are end mills
like Shape/endmill.fcstd) and PathTests/test-path-tool-bit-shape-00.fcstd (a tool-bit test document). Bodies that a
Part::Cut consumed in test_geomop (Body, Body002-Body004, Box-Box003) are not top-level and are not exported.

Labels: labels/freecad-samples/ (specs in tools/labelling/specs/freecad-samples/; docs/labelling.md).
"""
import argparse
import os
import re
import sys
from pinned_step import export_pinned_step  # this folder is on sys.path when run as a script
import zipfile

sys.path.append('/usr/lib/freecad-python3/lib')

PATH_MOD = '/usr/share/freecad/Mod/Path'

# code, document (under PATH_MOD), object name in it, name in the output.
SAMPLES = [
    ('F01', 'PathTests/Drilling_1.FCStd', 'Body', 'drilling_plate'),
    ('F02', 'PathTests/test_holes00.fcstd', 'Body', 'holes_plate'),
    ('F03', 'PathTests/test_adaptive.fcstd', 'Fusion', 'adaptive_block'),
    ('F04', 'PathTests/test_geomop.fcstd', 'Cut003', 'geomop_cut003'),
    ('F05', 'PathTests/test_geomop.fcstd', 'Cut004', 'geomop_cut004'),
    ('F06', 'PathTests/test_geomop.fcstd', 'Cut005', 'geomop_cut005'),
    ('F07', 'PathTests/test_geomop.fcstd', 'Cut', 'geomop_cut'),
    ('F08', 'PathTests/test_geomop.fcstd', 'Body005', 'geomop_body005'),
    ('F09', 'PathTests/test_geomop.fcstd', 'Body006', 'geomop_body006'),
    ('F10', 'PathTests/test_geomop.fcstd', 'Body007', 'geomop_body007'),
    ('F11', 'Tools/Shape/ballend.fcstd', 'Body', 'bit_ballend'),
    ('F12', 'Tools/Shape/bullnose.fcstd', 'Body', 'bit_bullnose'),
    ('F13', 'Tools/Shape/chamfer.fcstd', 'Body', 'bit_chamfer'),
    ('F14', 'Tools/Shape/drill.fcstd', 'Body', 'bit_drill'),
    ('F15', 'Tools/Shape/endmill.fcstd', 'Body', 'bit_endmill'),
    ('F16', 'Tools/Shape/probe.fcstd', 'Body', 'bit_probe'),
    ('F17', 'Tools/Shape/slittingsaw.fcstd', 'Body', 'bit_slittingsaw'),
    ('F18', 'Tools/Shape/thread-mill.fcstd', 'Body', 'bit_thread_mill'),
    ('F19', 'Tools/Shape/v-bit.fcstd', 'Body', 'bit_v_bit'),
]

FIXED_TIME = '2000-01-01T00:00:00'


def stored_shape(doc_path, name):
    """The BREP FreeCAD stored for object `name`'s Shape property."""
    import Part
    with zipfile.ZipFile(doc_path) as z:
        xml = z.read('Document.xml').decode('utf-8')
        obj = re.search(r'<Object name="%s"[^>]*>(.*?)</Object>' % re.escape(name), xml, re.S)
        if not obj:
            raise SystemExit('no object %s in %s' % (name, doc_path))
        ref = re.search(r'<Property name="Shape" type="Part::PropertyPartShape"[^>]*>\s*<Part [^>]*file="([^"]+)"',
                        obj.group(1))
        if not ref:
            raise SystemExit('object %s in %s stores no shape' % (name, doc_path))
        data = z.read(ref.group(1))
    tmp = '/tmp/freecad-sample-%d.brep' % os.getpid()
    with open(tmp, 'wb') as f:
        f.write(data)
    shape = Part.Shape()
    shape.read(tmp)
    os.remove(tmp)
    return shape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='.cache/freecad-samples')
    args = ap.parse_args()
    if not os.path.isdir(PATH_MOD):
        sys.exit('no %s: apt-get install freecad-python3' % PATH_MOD)
    import FreeCAD  # noqa: F401  (loads the Part module's runtime)
    os.makedirs(args.out, exist_ok=True)
    for code, doc, name, out_name in SAMPLES:
        shape = stored_shape(os.path.join(PATH_MOD, doc), name)
        if len(shape.Solids) != 1:
            sys.exit('%s %s: %d solids, expected one' % (doc, name, len(shape.Solids)))
        out = os.path.join(args.out, '%s__%s.step' % (code, out_name))
        export_pinned_step(shape.Solids[0], out, FIXED_TIME)
        print('%s %-30s %-8s faces %3d -> %s' % (code, doc, name, len(shape.Faces), out))


if __name__ == '__main__':
    main()
