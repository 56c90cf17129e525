"""JSON schema -> minimal deterministic instance, and finding the schema in a prompt."""

from __future__ import annotations

import json
import math
from typing import Any

JSON = dict[str, Any]

_STRING_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "hostname": "example.com",
}


def _resolve_ref(ref: str, root: JSON) -> JSON:
    """Resolve a local ``#/...`` JSON pointer against ``root`` ({} if it does not resolve)."""
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for raw in ref.lstrip("#").strip("/").split("/"):
        if not raw:
            continue
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return {}
    return node if isinstance(node, dict) else {}


def _number_in_range(schema: JSON, integer: bool) -> int | float:
    """Smallest-magnitude number that respects minimum/maximum/exclusive bounds."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    xlow = schema.get("exclusiveMinimum")
    xhigh = schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    value: float = 0
    if isinstance(low, int | float) and value < low:
        value = math.ceil(low) if integer else low
    if isinstance(xlow, int | float) and value <= xlow:
        value = math.floor(xlow) + 1 if integer else xlow + step
    if isinstance(high, int | float) and value > high:
        value = math.floor(high) if integer else high
    if isinstance(xhigh, int | float) and value >= xhigh:
        value = math.ceil(xhigh) - 1 if integer else xhigh - step
    return int(value) if integer else float(value)


def schema_instance(schema: object, root: JSON | None = None, _depth: int = 0) -> Any:
    """Return a minimal deterministic value that validates against ``schema``.

    Handles ``$ref``/``$defs``/``definitions``, ``const``, ``enum``, ``anyOf``/``oneOf`` (first
    non-null branch), ``allOf`` (merged), type lists, objects (required properties only),
    arrays (``max(minItems, 1)`` items, capped by ``maxItems``; ``prefixItems``), strings
    (length bounds and common formats; ``pattern`` is not honoured), integers/numbers (bounds),
    booleans (``False``) and null. Same schema in -> same value out.
    """
    if not isinstance(schema, dict):
        return None
    root = schema if root is None else root
    if _depth > 32:
        return None
    if "$ref" in schema:
        target = _resolve_ref(str(schema["$ref"]), root)
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema_instance(merged, root, _depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            non_null = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            return schema_instance((non_null or options)[0], root, _depth + 1)
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        values = [schema_instance(s, root, _depth + 1) for s in schema["allOf"]]
        if all(isinstance(v, dict) for v in values):
            merged_value: JSON = {}
            for v in values:
                merged_value.update(v)
            return merged_value
        return values[0]

    typ = schema.get("type")
    if isinstance(typ, list):
        non_null_types = [t for t in typ if t != "null"]
        typ = non_null_types[0] if non_null_types else "null"
    if typ is None:
        if "properties" in schema or "required" in schema:
            typ = "object"
        elif "items" in schema or "prefixItems" in schema:
            typ = "array"

    if typ == "object":
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = schema.get("required") if isinstance(schema.get("required"), list) else []
        out: JSON = {}
        for name in required:
            out[name] = schema_instance(props.get(name, {}), root, _depth + 1)
        return out
    if typ == "array":
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            return [schema_instance(s, root, _depth + 1) for s in prefix]
        min_items = schema.get("minItems", 0)
        max_items = schema.get("maxItems")
        count = max(int(min_items) if isinstance(min_items, int) else 0, 1)
        if isinstance(max_items, int):
            count = min(count, max_items)
        items = schema.get("items", {})
        return [schema_instance(items, root, _depth + 1) for _ in range(count)]
    if typ == "string":
        fmt = schema.get("format")
        text = _STRING_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
        min_len = schema.get("minLength")
        max_len = schema.get("maxLength")
        if isinstance(min_len, int) and len(text) < min_len:
            text = text + "x" * (min_len - len(text))
        if isinstance(max_len, int):
            text = text[:max_len]
        return text
    if typ == "integer":
        return _number_in_range(schema, integer=True)
    if typ == "number":
        return _number_in_range(schema, integer=False)
    if typ == "boolean":
        return False
    return None


def _schema_like(value: object) -> bool:
    """Heuristic: does this decoded JSON look like a JSON schema (not an instance)?"""
    return isinstance(value, dict) and (
        "properties" in value or "$defs" in value or value.get("type") == "object"
    )


def find_schema_in_text(text: str) -> JSON | None:
    """Find the JSON schema instructor embeds in a prompt (JSON / MD_JSON modes).

    instructor writes ``...match the following json_schema:`` followed by
    ``json.dumps(schema, indent=2)``. We decode the first JSON object after that marker, or
    else the last schema-looking JSON object anywhere in the text.
    """
    decoder = json.JSONDecoder()
    marker = text.find("json_schema:")
    if marker >= 0:
        start = text.find("{", marker)
        if start >= 0:
            try:
                value, _ = decoder.raw_decode(text, start)
            except json.JSONDecodeError:
                value = None
            if _schema_like(value):
                return value
    found: JSON | None = None
    index = text.find("{")
    while index >= 0:
        try:
            value, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            index = text.find("{", index + 1)
            continue
        if _schema_like(value):
            found = value
        index = text.find("{", end)
    return found
