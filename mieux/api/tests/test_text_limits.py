"""Every text input has a documented maximum length (issue 8): each string a request body or a
query parameter of the API takes, and each text field of every form of the site.

A new unbounded field fails here, before a 10 MB value can reach a service or a database.
"""

import importlib
import json
import pkgutil
from collections.abc import Iterator
from typing import Any

from django import forms

import mieux
from mieux.api.management.commands.export_openapi import openapi_document

# Strings whose form bounds them: dates, e-mail addresses (Django caps them at 320), files.
BOUNDED_FORMATS = {"date", "date-time", "binary", "email", "uri"}


def _bounded_pattern(pattern: str) -> bool:
    """An anchored pattern without `*` or `+` (e.g. `^[a-z]{2}$`) bounds the length."""
    return (
        pattern.startswith("^")
        and pattern.endswith("$")
        and not any(quantifier in pattern for quantifier in ("*", "+", ",}"))
    )


def _unbounded_strings(schema: dict[str, Any], where: str, components: dict) -> Iterator[str]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _unbounded_strings(option, where, components)
    if schema.get("type") == "string" and not (
        "maxLength" in schema
        or "enum" in schema
        or schema.get("format") in BOUNDED_FORMATS
        or _bounded_pattern(schema.get("pattern", ""))
    ):
        yield where
    if schema.get("type") == "array":
        yield from _unbounded_strings(schema.get("items", {}), where + "[]", components)
    for name, inner in schema.get("properties", {}).items():
        yield from _unbounded_strings(inner, f"{where}.{name}", components)


def test_every_api_input_string_has_a_maximum_length() -> None:
    document = json.loads(openapi_document())
    components = document["components"]["schemas"]
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                unbounded += _unbounded_strings(
                    parameter.get("schema", {}), f"{method} {path} ?{parameter['name']}", components
                )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _unbounded_strings(
                    content.get("schema", {}), f"{method} {path} body", components
                )

    assert unbounded == []


def _form_classes() -> Iterator[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(mieux.__path__, "mieux."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    for cls in set(subclasses(forms.BaseForm)):
        if cls.__module__.startswith("mieux."):
            yield cls


def test_every_form_text_field_has_a_maximum_length() -> None:
    unbounded = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                unbounded.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")

    # Django's sign-in form takes the username's limit from the user model when it is built.
    assert unbounded == ["mieux.accounts.forms.SignInForm.username"]
