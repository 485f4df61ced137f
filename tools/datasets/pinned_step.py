"""
STEP export with reproducible bytes, shared by the dev-set writers (occt-samples.py, freecad-samples.py): OpenCascade's
exporter stamps the current time into FILE_NAME; it is pinned so that the sha256 a label file records stays valid.
"""
import re


def export_pinned_step(shape, out, fixed_time):
    """Writes `shape` (a FreeCAD Part shape) to `out` as STEP with FILE_NAME's time set to `fixed_time`."""
    shape.exportStep(out)
    with open(out, 'r', encoding='latin-1') as f:
        text = f.read()
    text = re.sub(r"(FILE_NAME\('[^']*',')[0-9T:\-]+(')", r'\g<1>%s\2' % fixed_time, text, count=1)
    with open(out, 'w', encoding='latin-1') as f:
        f.write(text)
