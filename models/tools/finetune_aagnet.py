#!/usr/bin/python3
"""Fine-tune Tier 1 (AAGNet, published MFInstSeg weights) on dumped cadlens inputs (dev-time tool, issue 9).

The training data are Tier 1's exact network inputs as the TypeScript engine builds them, written by
``tools/training/dump-aagnet-inputs.ts`` (one folder per dump: index.json + flat .f32/.i32 tensors, per-node
labels). The network is convert_aagnet.py's PyTorch re-expression (same modules, same baked standardisation),
started from ``weight_on_MFInstseg.pth`` and trained with AAGNet's loss terms: CE(seg) + BCE(inst affinity)
+ BCE(bottom); the two last only where a dump has instance labels (generated parts). One part per step
(the model's global pooling and 1/sqrt(N) are per graph), gradients accumulated over ``--accum`` parts,
BatchNorm statistics frozen (single small graphs give noisy batch statistics). Exported with convert_aagnet's
export path (opset 17 export, lifted to 18) — check the file with ``node models/tools/check_onnx.mjs``.

  /usr/bin/python3 models/tools/finetune_aagnet.py --train /work/train/gen201 /work/train/mfcad \
      --eval /work/train/dev101 --epochs 8 --out models/aagnet-cadlens-ft.onnx

``--eval`` dumps are scored per node (network argmax vs label) before and after: a quick check, not the
evaluation (that is ``npm run eval`` with the exported model).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_aagnet as ca  # noqa: E402


def load_dump(path: str):
    with open(os.path.join(path, "index.json")) as f:
        index = json.load(f)["parts"]

    def arr(name, dt, cols):
        a = np.fromfile(os.path.join(path, name), dtype=dt)
        return a.reshape(-1, *cols) if cols else a

    fa = arr("face_attr.f32", np.float32, (10,))
    fg = arr("face_grid.f32", np.float32, (7, 5, 5))
    ei = arr("edge_index.i32", np.int32, (2,))
    ea = arr("edge_attr.f32", np.float32, (12,))
    seg = arr("seg.i32", np.int32, None)
    inst = arr("inst.i32", np.int32, None)
    bottom = arr("bottom.i32", np.int32, None)
    ref = arr("ref_seg.f32", np.float32, (25,))
    parts = []
    for p in index:
        a, n, b, e = p["face"], p["n"], p["edge"], p["e"]
        parts.append({
            "name": p["name"],
            "x": (torch.from_numpy(fa[a:a + n].copy()), torch.from_numpy(fg[a:a + n].copy()),
                  torch.from_numpy(ei[b:b + e].T.astype(np.int64).copy()), torch.from_numpy(ea[b:b + e].copy())),
            "seg": torch.from_numpy(seg[a:a + n].astype(np.int64)),
            "inst": torch.from_numpy(inst[a:a + n].astype(np.int64)),
            "bottom": torch.from_numpy(bottom[a:a + n].astype(np.int64)),
            "ref": torch.from_numpy(ref[a:a + n].copy()),
        })
    return parts


def freeze_bn(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.eval()
            for p in m.parameters():
                p.requires_grad_(False)


@torch.no_grad()
def score(model, parts):
    model.eval()
    right = total = 0
    for p in parts:
        seg = model(*p["x"])[0].argmax(1)
        m = p["seg"] >= 0
        right += int((seg[m] == p["seg"][m]).sum())
        total += int(m.sum())
    return right / max(total, 1), total


def losses(model, p, w_inst: float, w_bottom: float):
    seg, inst, bottom = model(*p["x"])
    loss = F.cross_entropy(seg, p["seg"], ignore_index=-1) if (p["seg"] >= 0).any() else seg.sum() * 0
    labelled = bool((p["bottom"] >= 0).all())  # generated parts: instance and bottom labels on every face
    if labelled:
        g = p["inst"]
        target = ((g[:, None] == g[None, :]) & (g[:, None] >= 0)).float()
        loss = loss + w_inst * F.binary_cross_entropy_with_logits(inst, target)
    if labelled:
        loss = loss + w_bottom * F.binary_cross_entropy_with_logits(bottom[:, 0], p["bottom"].float())
    return loss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--eval", nargs="*", default=[])
    ap.add_argument("--weights", default=os.path.join(ca.SHARED, "weight_on_MFInstseg.pth"))
    ap.add_argument("--stats", default=os.path.join(ca.SHARED, "attr_stat.json"))
    ap.add_argument("--init", default=None, help="start from this state dict (a --ckpt of an earlier run) instead of --weights")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--accum", type=int, default=8)
    ap.add_argument("--w-inst", type=float, default=1.0)
    ap.add_argument("--w-bottom", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--budget-min", type=float, default=1e9, help="stop after this many minutes (checked per epoch)")
    ap.add_argument("--ckpt", default="/work/train/ft.pth")
    ap.add_argument("--out", default=None, help="ONNX file to export (after training)")
    ap.add_argument("--calib", nargs="*", default=[], help="dumps to fit the temperature on (cadlens' calibration: "
                    "minimum mean NLL of the true class, golden-section search on [0.2, 10]); printed, not stored")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    with open(args.stats) as f:
        stats = json.load(f)
    model = ca.AAGNetSegmentor(stats)
    model.load_state_dict(torch.load(args.weights, map_location="cpu"), strict=True)
    reference = model  # the published weights reproduce the dumped engine outputs

    train = [p for d in args.train for p in load_dump(d)]
    evals = {d: load_dump(d) for d in args.eval}
    print(f"train: {len(train)} parts, {sum(int(p['seg'].numel()) for p in train)} faces", flush=True)

    # The PyTorch model on the dumped inputs must reproduce the shipped ONNX model's logits.
    model.eval()
    with torch.no_grad():
        worst = max(float((reference(*p["x"])[0] - p["ref"]).abs().max()) for p in train[:20])
    print(f"torch vs shipped onnx seg logits on 20 dumped parts: max |diff| = {worst:.3g}", flush=True)
    if worst > 1e-2:
        print("FAIL: the dumped inputs do not reproduce the engine's outputs", file=sys.stderr)
        return 1
    if args.init:
        model = ca.AAGNetSegmentor(stats)
        model.load_state_dict(torch.load(args.init, map_location="cpu"), strict=True)
        print(f"starting from {args.init}", flush=True)
    for d, parts in evals.items():
        acc, n = score(model, parts)
        print(f"before: {d}: {100 * acc:.2f} % of {n} faces", flush=True)

    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=1e-4)
    steps = args.epochs * ((len(train) + args.accum - 1) // args.accum)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=max(steps, 1), pct_start=0.1)
    t_start = time.time()
    for epoch in range(args.epochs):
        model.train()
        freeze_bn(model)
        random.shuffle(train)
        total = 0.0
        opt.zero_grad()
        for k, p in enumerate(train):
            loss = losses(model, p, args.w_inst, args.w_bottom) / args.accum
            loss.backward()
            total += float(loss) * args.accum
            if (k + 1) % args.accum == 0 or k + 1 == len(train):
                nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                sched.step()
                opt.zero_grad()
        msg = f"epoch {epoch + 1}/{args.epochs}: loss {total / len(train):.4f}, {time.time() - t_start:.0f} s"
        for d, parts in evals.items():
            acc, n = score(model, parts)
            msg += f"; {os.path.basename(d)} {100 * acc:.2f} %"
        print(msg, flush=True)
        torch.save(model.state_dict(), args.ckpt)
        if (time.time() - t_start) / 60 > args.budget_min:
            print("time budget reached", flush=True)
            break

    if args.calib:
        fit_temperature(model, [p for d in args.calib for p in load_dump(d)])
    if args.out:
        export(model, args.out)
    return 0


@torch.no_grad()
def fit_temperature(model, parts) -> float:
    model.eval()
    logits = torch.cat([model(*p["x"])[0] for p in parts])
    truth = torch.cat([p["seg"] for p in parts])
    keep = truth >= 0
    logits, truth = logits[keep], truth[keep]

    def nll(t):
        return float(F.cross_entropy(logits / t, truth))

    def ece(t, bins=10):
        prob, pred = F.softmax(logits / t, 1).max(1)
        right = (pred == truth).float()
        e = 0.0
        for b in range(bins):
            m = (prob > b / bins) & (prob <= (b + 1) / bins)
            if m.any():
                e += float(m.float().mean()) * abs(float(prob[m].mean()) - float(right[m].mean()))
        return e

    a, b = 0.2, 10.0
    g = (5 ** 0.5 - 1) / 2
    for _ in range(60):
        c, d = b - g * (b - a), a + g * (b - a)
        if nll(c) < nll(d):
            b = d
        else:
            a = c
    t = (a + b) / 2
    print(f"temperature {t:.3f} on {int(keep.sum())} faces: NLL {nll(1.0):.4f} -> {nll(t):.4f}, "
          f"ECE {ece(1.0):.4f} -> {ece(t):.4f}", flush=True)
    return t


def export(model, out: str) -> None:
    import onnx

    model.eval()
    torch.set_num_threads(1)
    torch.onnx.register_custom_op_symbolic("aten::scatter_reduce", ca.scatter_reduce_symbolic, ca.EXPORT_OPSET)
    g = ca.random_graph(np.random.default_rng(20240601), 9, 14, 1)
    example = tuple(torch.from_numpy(a) for a in g)
    torch.onnx.export(
        model, example, out, opset_version=ca.EXPORT_OPSET, do_constant_folding=True,
        input_names=["face_attr", "face_grid", "edge_index", "edge_attr"],
        output_names=["seg_logits", "inst_logits", "bottom_logits"],
        dynamic_axes={"face_attr": {0: "N"}, "face_grid": {0: "N"}, "edge_index": {1: "E"}, "edge_attr": {0: "E"},
                      "seg_logits": {0: "N"}, "inst_logits": {0: "N", 1: "N"}, "bottom_logits": {0: "N"}},
    )
    m = onnx.load(out)
    onnx.checker.check_model(m)
    m = ca.lift_to_opset18(m)
    m.producer_name = "cadlens finetune_aagnet.py"
    m.doc_string = ("AAGNet (whjdark/AAGNet, MIT License, Copyright (c) 2023 whj_dark) segmentor, published MFInstSeg "
                    "weights fine-tuned by cadlens on generated parts (mfgen/4 labels) and MFCAD; standardisation inside.")
    onnx.save(m, out)
    print(f"exported {out}: {os.path.getsize(out)} bytes, sha256 {ca.sha256_file(out)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
