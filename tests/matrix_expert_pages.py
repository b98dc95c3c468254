"""The permission matrix's cases for the roster and profile pages (issue 4).

Staff (officer, manager, admin) run the roster; an expert sees and maintains their own profile
(their own expert page sends them to it); anyone else gets a 404 for an expert's page or CV,
as if it did not exist, and a 403 for the staff and expert pages. The knowledge manager is not
roster staff: the roster holds personal data that knowledge work does not need.
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import STAFF, Case, Ref, expect, signed_in

STAFF_OK = dict.fromkeys(STAFF, 200)
STAFF_DONE = dict.fromkeys(STAFF, 302)
OTHER = {"expert_id": Ref("roster_other_expert")}
OWN = {"expert_id": Ref("roster_own_expert")}


def world() -> dict[str, Any]:
    """demo-expert's profile, and another active expert's; both with a CV (uploaded here, in
    the matrix's rolled-back transaction, if the demo gives them none)."""
    from mieux.accounts.models import User
    from mieux.experts import profiles
    from mieux.experts.models import Expert

    own = Expert.objects.get(user__username="demo-expert")
    other = (
        Expert.objects.exclude(user__username="demo-expert")
        .filter(status="active", erased_at__isnull=True)
        .order_by("pk")
        .first()
    )
    assert other is not None, "the demo roster has no other active expert"
    officer = User.objects.get(username="demo-officer")
    for expert in (own, other):
        if not expert.cv:
            upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
            profiles.expert_upload_cv(actor=officer, expert_id=expert.pk, upload=upload)
    return {"roster_own_expert": own.pk, "roster_other_expert": other.pk}


CASES: list[Case] = [
    Case("experts:roster", signed_in(403, **STAFF_OK)),
    Case(
        "experts:roster",
        signed_in(403, **STAFF_OK),
        query="language=es&min_level=B2",
        label="filtered",
    ),
    Case("experts:expert_detail", signed_in(404, **STAFF_OK), OTHER, label="another expert"),
    Case("experts:expert_detail", signed_in(404, expert=302, **STAFF_OK), OWN, label="own"),
    Case("experts:expert_cv", signed_in(404, **STAFF_OK), OTHER, label="another expert"),
    Case("experts:expert_cv", signed_in(404, expert=200, **STAFF_OK), OWN, label="own"),
    Case("experts:expert_invite", signed_in(403, **STAFF_OK)),
    Case(
        "experts:expert_invite",
        signed_in(403, **STAFF_DONE),
        method="post",
        data={
            "full_name": "Marta Nowak",
            "email": "marta.nowak@example.org",
            "expert_type": "eu_member_state_administration",
            "language": "en",
        },
        label="POST",
    ),
    Case("experts:expert_status", signed_in(405), OTHER, label="GET"),
    Case(
        "experts:expert_status",
        signed_in(404, **STAFF_DONE),
        OTHER,
        method="post",
        data={"action": "deactivate", "reason": "Left the administration."},
        label="deactivate another expert",
    ),
    Case(
        "experts:expert_status",
        signed_in(404, expert=403, **STAFF_DONE),
        OWN,
        method="post",
        data={"action": "deactivate", "reason": "Left the administration."},
        label="deactivate own",
    ),
    Case("experts:my_profile", signed_in(403, expert=200)),
    Case(
        "experts:my_profile",
        signed_in(403, expert=302),
        method="post",
        data={"intent": "period_add", "start": "2031-01-05", "end": "2031-01-09"},
        label="POST add a period",
    ),
    # The invitation's set-password page: for anyone holding the link; a wrong link says so.
    Case("experts:set_password", expect(200), {"uidb64": "MQ", "token": "no-such-token"}),
    Case(
        "experts:set_password",
        expect(200),
        {"uidb64": "MQ", "token": "no-such-token"},
        method="post",
        data={"new_password1": "Tagus-river-2026", "new_password2": "Tagus-river-2026"},
        label="POST",
    ),
]
