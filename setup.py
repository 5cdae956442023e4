"""Build step beyond pyproject.toml: the committed JSON Schemas (`schemas/*.schema.json`, at the
repository root so that editors and the site reach them by a short path) are copied into the
package as `aiss/schemas/`, so that the wheel carries them. Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithSchemas(build_py):
    """`build_py`, then `schemas/*.schema.json` into `<build>/aiss/schemas/`."""

    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "schemas"
        target = Path(self.build_lib) / "aiss" / "schemas"
        target.mkdir(parents=True, exist_ok=True)
        for schema in sorted(source.glob("*.schema.json")):
            shutil.copyfile(schema, target / schema.name)


setup(cmdclass={"build_py": BuildWithSchemas})
