"""Eligibility notes stored as a code with parameters instead of a sentence.

Assessments stored each check's note as a sentence ("detail") in the language of whoever
assessed. Checks now store {"note": {"code", "params"}} and are worded when shown, in the
reader's language (`mieux.intake.check_notes`). This migration reads the old sentences in the
four interface languages, with the wordings they were written in frozen below (the catalogues
may change later), and leaves a sentence it cannot read as it is: that check keeps its "detail",
which is shown verbatim.
"""

import re
from typing import Any

from django.db import migrations

# note code -> its wording in en, es, pt, fr as written until this migration; "%s" is the one
# parameter, named in PARAMETERS.
WORDINGS: dict[str, tuple[str, str, str, str]] = {
    "regional_organisation": (
        "Regional request from a regional organisation.",
        "Solicitud regional de una organización regional.",
        "Pedido regional de uma organização regional.",
        "Demande régionale d’une organisation régionale.",
    ),
    "no_country_not_regional": (
        "No country given and the requester is not a regional organisation.",
        "No se indicó ningún país y el solicitante no es una organización regional.",
        "Nenhum país foi informado e o solicitante não é uma organização regional.",
        "Aucun pays n’est indiqué et le demandeur n’est pas une organisation régionale.",
    ),
    "country_oda_eligible": (
        "%s is eligible for EU development cooperation.",
        "%s es elegible para la cooperación al desarrollo de la UE.",
        "%s é elegível para a cooperação para o desenvolvimento da UE.",
        "%s est éligible à la coopération au développement de l’UE.",
    ),
    "country_not_oda_eligible": (
        "%s is not on the list of ODA recipients.",
        "%s no figura en la lista de receptores de AOD.",
        "%s não consta na lista de beneficiários de AOD.",
        "%s ne figure pas sur la liste des bénéficiaires de l’APD.",
    ),
    "requesters_eligible": (
        "Every requesting institution may ask for assistance.",
        "Todas las instituciones solicitantes pueden pedir asistencia.",
        "Todas as instituições solicitantes podem pedir assistência.",
        "Toutes les institutions demandeuses peuvent solliciter une assistance.",
    ),
    "requesters_not_eligible": (
        "Not eligible to request: %s.",
        "No elegibles para presentar solicitudes: %s.",
        "Não elegíveis para apresentar pedidos: %s.",
        "Non éligibles pour présenter une demande : %s.",
    ),
    "civil_society_alone": (
        "Civil society may request only jointly with a public body.",
        "La sociedad civil solo puede presentar solicitudes junto con un organismo público.",
        "A sociedade civil só pode apresentar pedidos em conjunto com um órgão público.",
        "La société civile ne peut présenter une demande que conjointement avec un organisme "
        "public.",
    ),
    "no_civil_society_alone": (
        "No civil society organisation requests alone.",
        "Ninguna organización de la sociedad civil presenta la solicitud sola.",
        "Nenhuma organização da sociedade civil apresenta o pedido sozinha.",
        "Aucune organisation de la société civile ne présente la demande seule.",
    ),
    "thematic_areas_within": (
        "Within the facility's thematic areas: %s.",
        "Dentro de las áreas temáticas del mecanismo: %s.",
        "Dentro das áreas temáticas do mecanismo: %s.",
        "Dans les domaines thématiques du dispositif : %s.",
    ),
    "no_thematic_area": (
        "No thematic area given.",
        "No se indicó ningún área temática.",
        "Nenhuma área temática foi informada.",
        "Aucun domaine thématique n’est indiqué.",
    ),
    "no_overlap": (
        "No action or open request in the same country and thematic area.",
        "Ninguna acción ni solicitud abierta en el mismo país y área temática.",
        "Nenhuma ação ou pedido em aberto no mesmo país e na mesma área temática.",
        "Aucune action ni demande ouverte dans le même pays et le même domaine thématique.",
    ),
    "possible_overlap": (
        "Possibly overlapping: %s.",
        "Posible superposición con: %s.",
        "Possível sobreposição com: %s.",
        "Chevauchement possible avec : %s.",
    ),
}
PARAMETERS = {
    "country_oda_eligible": "country",
    "country_not_oda_eligible": "country",
    "requesters_not_eligible": "institutions",
    "thematic_areas_within": "thematic_areas",
    "possible_overlap": "overlaps",
}
OVERLAP_ACTION = ("action %s", "acción %s", "ação %s", "action %s")
OVERLAP_REQUEST = (
    "request #%(id)d “%(title)s”",
    "solicitud n.º %(id)d «%(title)s»",
    "pedido nº %(id)d “%(title)s”",
    "demande n° %(id)d « %(title)s »",
)
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%s")


def _pattern(wording: str) -> re.Pattern[str]:
    """The wording as a regular expression, each placeholder a named group."""
    parts, position = [], 0
    for found in PLACEHOLDER.finditer(wording):
        parts.append(re.escape(wording[position : found.start()]))
        name, kind = found.group(1) or "value", found.group(2) or "s"
        parts.append(rf"(?P<{name}>\d+)" if kind == "d" else rf"(?P<{name}>.+)")
        position = found.end()
    parts.append(re.escape(wording[position:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


NOTE_PATTERNS = [
    (code, _pattern(wording)) for code, wordings in WORDINGS.items() for wording in wordings
]
ACTION_PATTERNS = [_pattern(wording) for wording in OVERLAP_ACTION]
REQUEST_PATTERNS = [_pattern(wording) for wording in OVERLAP_REQUEST]


class References:
    """What the old sentences named, to read their names back into codes."""

    def __init__(self, apps: Any) -> None:
        countries = list(apps.get_model("geo", "Country").objects.all())
        # name in any of the four languages -> ISO code, and back to the English name.
        self.countries: dict[str, str] = {}
        for country in countries:
            for language in ("en", "es", "pt", "fr"):
                name = getattr(country, f"name_{language}")
                if name:
                    self.countries.setdefault(name, country.iso2)
        self.iso2_names = {country.iso2: country.name_en for country in countries}
        self.area_codes = set(
            apps.get_model("taxonomy", "ThematicArea").objects.values_list("code", flat=True)
        )
        self.institution_labels = {
            f"{name} ({acronym})" if acronym else name
            for name, acronym in apps.get_model("accounts", "Institution").objects.values_list(
                "name", "acronym"
            )
        }


def _overlap(text: str) -> dict[str, Any] | None:
    for pattern in ACTION_PATTERNS:
        if found := pattern.match(text):
            return {"action": found["value"]}
    for pattern in REQUEST_PATTERNS:
        if found := pattern.match(text):
            return {"request": int(found["id"]), "title": found["title"]}
    return None


def _parameter(name: str, value: str, references: References) -> Any:
    """The parameter's stored value read from its words, or None if they cannot be read."""
    if name == "country":
        return references.countries.get(value)
    if name == "thematic_areas":
        codes = value.split(", ")
        return codes if all(code in references.area_codes for code in codes) else None
    if name == "institutions":
        # Names may hold commas: split only where every piece is an institution's name.
        pieces = value.split(", ")
        return pieces if all(p in references.institution_labels for p in pieces) else [value]
    overlaps = [_overlap(item) for item in value.split("; ")]
    return overlaps if all(overlaps) else None


def _note(detail: str, references: References) -> dict[str, Any] | None:
    for code, pattern in NOTE_PATTERNS:
        found = pattern.match(detail)
        if not found:
            continue
        name = PARAMETERS.get(code)
        if name is None:
            return {"code": code, "params": {}}
        value = _parameter(name, found["value"], references)
        return None if value is None else {"code": code, "params": {name: value}}
    return None


def notes_from_sentences(apps: Any, schema_editor: Any) -> None:
    references = References(apps)
    for assessment in apps.get_model("intake", "Assessment").objects.all():
        checks, changed = [], False
        for check in assessment.checks:
            note = None
            if "note" not in check and isinstance(check.get("detail"), str):
                note = _note(check["detail"], references)
            if note is None:
                checks.append(check)
                continue
            checks.append({key: value for key, value in check.items() if key != "detail"})
            checks[-1]["note"] = note
            changed = True
        if changed:
            assessment.checks = checks
            assessment.save(update_fields=["checks"])


def _english(note: dict[str, Any], references: References) -> str:
    wording = WORDINGS[note["code"]][0]
    name = PARAMETERS.get(note["code"])
    if name is None:
        return wording
    value = note["params"].get(name)
    if name == "country":
        words = references.iso2_names.get(value, str(value))
    elif name == "overlaps":
        words = "; ".join(
            OVERLAP_ACTION[0] % item["action"]
            if "action" in item
            else OVERLAP_REQUEST[0] % {"id": item["request"], "title": item["title"]}
            for item in value
        )
    else:
        words = ", ".join(str(item) for item in value)
    return wording % words


def sentences_from_notes(apps: Any, schema_editor: Any) -> None:
    """Back to English sentences, as the code before this migration wrote them by default."""
    references = References(apps)
    for assessment in apps.get_model("intake", "Assessment").objects.all():
        if not any("note" in check for check in assessment.checks):
            continue
        assessment.checks = [
            {key: value for key, value in check.items() if key != "note"}
            | {"detail": _english(check["note"], references)}
            if check.get("note", {}).get("code") in WORDINGS
            else check
            for check in assessment.checks
        ]
        assessment.save(update_fields=["checks"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("geo", "0001_initial"),
        ("taxonomy", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(notes_from_sentences, sentences_from_notes)]
