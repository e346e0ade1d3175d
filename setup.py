"""Packs the top-level ontology/, shapes/ and queries/ folders into the wheel.

They stay at the top of the repository, where people look for them, and are
copied to ``builder/resources/`` at build time so that an installed package can
load them with ``importlib.resources``. Project metadata lives in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("ontology", "shapes", "queries")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        here = Path(__file__).parent
        target = Path(self.build_lib) / "builder" / "resources"
        for name in DATA_FOLDERS:
            src = here / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
