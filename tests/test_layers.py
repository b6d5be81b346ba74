"""The folders are the layers: each module imports only from its own layer or the layers under
it (imports inside functions and for type checking count too), so no arrow runs back up and no
two layers import each other. The order is the README's, for developers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reflect_cli"

#: From the top down: the command line, then each folder, then what every layer shares.
#: Any other module at the top (errors.py, textsafe.py, plainparams.py) is shared.
LAYERS = ["cli", "app", "terminal", "outputs", "storage", "inputs", "domain", "shared"]


def _layer(module: str) -> str:
    """The layer of a module named from the package down ('domain.model', 'cli')."""
    first = module.split(".")[0]
    if first == "__main__":
        return "cli"
    return first if first in LAYERS else "shared"


def _imports(path: Path) -> list[str]:
    """The modules of this package that a file imports, named from the package down."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    package = here[:-1]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = ".".join(p for p in (base, node.module or "") if p)
            elif (node.module or "").split(".")[0] == "reflect_cli":
                module = (node.module or "").removeprefix("reflect_cli").lstrip(".")
            else:
                continue
            if node.module is None or module in ("", *LAYERS):
                found += [".".join(p for p in (module, alias.name) if p) for alias in node.names]
            else:
                found.append(module)
        elif isinstance(node, ast.Import):
            found += [alias.name.removeprefix("reflect_cli.") for alias in node.names
                      if alias.name.startswith("reflect_cli.")]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_folder_is_a_known_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders <= set(LAYERS), f"a new folder; give it its place in LAYERS: {folders}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_layer_or_lower(path: Path) -> None:
    own = LAYERS.index(_layer(".".join(path.relative_to(PACKAGE).with_suffix("").parts)))
    upward = [m for m in _imports(path) if LAYERS.index(_layer(m)) < own]
    assert not upward, f"{path.name} reaches up to {upward}"
