"""Strict YAML reading for the rule data: safe loader that refuses duplicate mapping keys.

Every error is a `DataFileError` whose message starts with the offending file path.
Imports only the standard library and PyYAML; nothing is read at import time.
"""

from pathlib import Path

import yaml


class DataFileError(ValueError):
    """A rule data file (parameter, index, catalogue) is malformed; the message names the file."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


# libyaml's parser when PyYAML was built with it (several times faster), else the pure one.
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader whose mappings refuse a repeated key (a repeated date would win silently)."""


def _construct_unique_mapping(
    loader: _StrictLoader, node: yaml.MappingNode
) -> dict[object, object]:
    loader.flatten_mapping(node)
    seen: set[object] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"unhashable key {key!r}",
                key_node.start_mark,
            ) from exc
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    mapping: dict[object, object] = loader.construct_mapping(node, deep=True)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_unique_mapping,
)


def load_yaml_text(text: str, path: Path) -> object:
    """Parse YAML text strictly; `path` is only used to name the file in errors."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"invalid YAML: {exc}") from exc


def load_yaml_file(path: Path) -> object:
    """Read and strictly parse one YAML file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, f"cannot read file: {exc}") from exc
    return load_yaml_text(text, path)
