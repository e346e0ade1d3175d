"""Finding an entry of the organization gazetteer by a name as the text writes it.

The gazetteers themselves (their rows and the indexes of their normalized
names) are loaded once per build by :mod:`builder.reference_data`; what is
here decides which entry a written name is.
"""

from __future__ import annotations

from builder.arabic.names import normalize_arabic, strip_affixes
from builder.reference_data.organizations import Organization, OrganizationGazetteer


def find_organization(orgs: OrganizationGazetteer, surface: str) -> Organization | None:
    """The organization named ``surface`` (a leading و/ال allowed, spelling normalized), if any."""
    for form in strip_affixes(surface):
        key = orgs.normalized.get(normalize_arabic(form))
        if key is not None:
            return orgs[key]
    return None
