"""Ship the top-level layouts/ and schemas/ inside the wheel as generator/layouts and generator/schemas.

They live at the top of the repository because a site project overrides them
file by file under the same names; in an installed zhibu they are package data.
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["generator", "generator.*"]) + ["generator.layouts", "generator.schemas"],
    package_dir={"generator.layouts": "layouts", "generator.schemas": "schemas"},
    package_data={
        "generator": ["profiles/*.yaml"],
        "generator.layouts": ["**/*"],
        "generator.schemas": ["*.json"],
    },
    include_package_data=False,
)
