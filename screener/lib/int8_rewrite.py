"""Per-token int8 rewrite of the fused MiniLM ONNX graph (used by ``screener.lib.embeddings``).

Why not ONNX Runtime's ``quantize_dynamic``: it quantises each activation tensor with ONE scale
for the whole batch. MiniLM's ``[CLS]`` token carries activations 5-10x larger than any other
token (e.g. ~28 against a typical ~3 after the attention LayerNorm of the first layers), so one
scale leaves the ordinary tokens a handful of int8 levels and vectors drift to ~0.985 cosine.
Per-channel smoothing (SmoothQuant) doesn't help here: the outlier is a token, not a channel.

What this module does instead, for every ``MatMul`` with a constant weight (attention output,
FFN in, FFN out):

* weights: symmetric int8, one scale per output column (exact rounding, no calibration data);
* activations: symmetric int8 with one scale **per token** (``max |x|`` over the row), computed
  in the graph at run time, so each token gets its own full range and a text's vector never
  depends on its batch-mates' values;
* the int8 x int8 product runs as ``MatMulInteger`` with the scales applied after; ONNX
  Runtime fuses that into ``MatMulIntegerToFloat`` (an int8 GEMM using AVX512-VNNI / AVX-VNNI
  where the CPU has it).

The fused ``Attention`` nodes (Q/K/V projection plus the attention itself) stay fp32: Q/K/V is
the most sensitive projection (quantised per token it alone costs ~0.002 cosine), and keeping
it fp32 holds the worst case near 0.998 for about a quarter of the projection work.

The rewrite is deterministic: the same fp32 graph always gives a byte-identical result.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_CONSTANTS = {
    "i8r_eps": np.array(1e-6, dtype=np.float32),
    "i8r_127": np.array(127.0, dtype=np.float32),
    "i8r_inv127": np.array(1.0 / 127.0, dtype=np.float32),
    "i8r_one": np.array(1.0, dtype=np.float32),
    "i8r_zero_point": np.array(128, dtype=np.uint8),
}


def quantise_weight(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column: ``(q, scale)`` with ``weight ~= q * scale``."""
    wide = weight.astype(np.float64)
    scale = np.maximum(np.abs(wide).max(axis=0), 1e-12) / 127.0
    q = np.clip(np.round(wide / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def _per_token_matmul(x: str, y: str, prefix: str) -> list:
    """Nodes computing ``y = x @ W`` with per-token int8 ``x`` and the int8 ``W`` named by prefix.

    ``x`` is scaled row-wise to [-127, 127], shifted by 128 into uint8 (``QuantizeLinear``
    rounds half to even and saturates), multiplied as integers, then rescaled by
    ``row_scale * column_scale``; the Cast/Mul tail is the pattern ONNX Runtime fuses.
    """
    from onnx import TensorProto, helper

    def n(op: str, inputs: list[str], output: str, **attrs: object) -> object:
        return helper.make_node(op, inputs, [output], name=f"{prefix}_{output}", **attrs)

    p = prefix
    return [
        n("ReduceMax", [x], f"{p}_max", axes=[-1], keepdims=1),
        n("ReduceMin", [x], f"{p}_min", axes=[-1], keepdims=1),
        n("Neg", [f"{p}_min"], f"{p}_neg_min"),
        n("Max", [f"{p}_max", f"{p}_neg_min", "i8r_eps"], f"{p}_absmax"),
        n("Div", ["i8r_127", f"{p}_absmax"], f"{p}_to_int8"),
        n("Mul", [x, f"{p}_to_int8"], f"{p}_scaled"),
        n("QuantizeLinear", [f"{p}_scaled", "i8r_one", "i8r_zero_point"], f"{p}_xq"),
        n("MatMulInteger", [f"{p}_xq", f"{p}_wq", "i8r_zero_point"], f"{p}_acc"),
        n("Cast", [f"{p}_acc"], f"{p}_accf", to=TensorProto.FLOAT),
        n("Mul", [f"{p}_absmax", "i8r_inv127"], f"{p}_row_scale"),
        n("Mul", [f"{p}_row_scale", f"{p}_ws"], f"{p}_scale"),
        helper.make_node("Mul", [f"{p}_accf", f"{p}_scale"], [y], name=f"{p}_out"),
    ]


def rewrite_per_token_int8(src: Path, dest: Path) -> int:
    """Write ``src`` to ``dest`` with every constant-weight ``MatMul`` in per-token int8.

    Returns how many MatMuls were rewritten (18 for MiniLM-L6: 3 per layer). Other nodes,
    including the fused ``Attention`` and ``EmbedLayerNormalization``, are left untouched.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes: list = []
    used: set[str] = set()
    rewritten = 0
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            nodes.append(node)
            continue
        prefix = f"i8r{rewritten}"
        q, scale = quantise_weight(numpy_helper.to_array(weights[node.input[1]]))
        graph.initializer.extend(
            [
                numpy_helper.from_array(q, f"{prefix}_wq"),
                numpy_helper.from_array(scale, f"{prefix}_ws"),
            ]
        )
        used.add(node.input[1])
        nodes += _per_token_matmul(node.input[0], node.output[0], prefix)
        rewritten += 1
    still_used = {name for node in nodes for name in node.input}
    kept = [i for i in graph.initializer if i.name not in used or i.name in still_used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in _CONSTANTS.items())
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dest))
    return rewritten
