"""The wheel carries the packaged defaults: every layout, schema and rule profile."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_layouts_schemas_and_profiles(tmp_path):
    # Build from a copy so a concurrent build in the checkout cannot interfere.
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("generator", "layouts", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), "-q"], check=True, capture_output=True)
    wheel = next(tmp_path.glob("zhibu-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"generator/{p.relative_to(ROOT).as_posix()}"
                for folder in ("layouts", "schemas") for p in (ROOT / folder).rglob("*") if p.is_file()}
    expected |= {f"generator/profiles/{p.name}" for p in (ROOT / "generator/profiles").glob("*.yaml")}
    assert any(n.startswith("generator/schemas/record.schema.json") for n in names)
    assert expected - names == set()
    # every module of the package, or an installed zhibu fails at the first import of the missing one
    code = {f"generator/{p.relative_to(ROOT / 'generator').as_posix()}" for p in (ROOT / "generator").rglob("*.py")
            if "__pycache__" not in p.parts}
    assert code - names == set()
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "zhibu = generator.cli:main" in entry
