"""Finding 6: the comment bank was global and anyone with access could delete anyone's phrase.
Phrases belong to their author (COK's shared ones to COK); only they or an administrator change
or delete them, and a reviewer sees COK's phrases and their own."""

import pytest
from django.urls import reverse

from feedback import selectors, services
from feedback.models import CommentBankEntry
from lms import services as lms_services
from lms.errors import ServiceError
from lms.factories import UserFactory
from lms.roles import Role


@pytest.fixture
def phrases(programme, tree):
    other_rp = UserFactory(email="rp.hedensted@test.dk")
    lms_services.role_assign(user=other_rp, role=Role.MUNICIPAL_RESOURCE_PERSON,
                             institution=programme.far_school)  # fmt: skip
    other_rp.refresh_from_db()
    mine = services.comment_bank_entry_add(
        package=tree.package, text="Min egen sætning", by=programme.people["municipal_rp"]
    )
    theirs = services.comment_bank_entry_add(package=tree.package, text="Deres", by=other_rp)
    cok = services.comment_bank_entry_add(
        package=tree.package, text="COK's sætning", by=programme.people["author"]
    )
    return {"mine": mine, "theirs": theirs, "cok": cok, "other_rp": other_rp}


def test_a_reviewer_sees_cok_phrases_and_own(programme, tree, phrases):
    seen = selectors.comment_bank_for(package=tree.package, user=programme.people["municipal_rp"])
    assert set(seen) == {phrases["mine"], phrases["cok"]}
    assert phrases["cok"].shared and not phrases["mine"].shared


@pytest.mark.parametrize(("person", "entry", "allowed"), [
    ("municipal_rp", "mine", True), ("other_rp", "mine", False), ("leader", "mine", False),
    ("author", "mine", False), ("admin", "mine", True), ("municipal_rp", "cok", False),
    ("author", "cok", True),
])  # fmt: skip
def test_only_the_owner_or_an_administrator_deletes(
    client_for, programme, tree, phrases, person, entry, allowed
):
    who = phrases["other_rp"] if person == "other_rp" else programme.people[person]
    url = reverse("feedback:comment_bank", args=[tree.package.pk])
    target = phrases[entry]
    response = client_for(who).post(url, {"delete": target.pk})
    # A phrase the person does not see is as good as absent for them.
    assert response.status_code == (302 if allowed else 403)
    assert CommentBankEntry.objects.filter(pk=target.pk).exists() != allowed
    if not allowed:
        with pytest.raises(ServiceError):
            services.comment_bank_entry_delete(entry=target, by=who)


def test_the_owner_changes_a_phrase_and_no_one_else(client_for, programme, tree, phrases):
    url = reverse("feedback:comment_bank", args=[tree.package.pk])
    target = phrases["mine"]
    response = client_for(phrases["other_rp"]).post(url, {"edit": target.pk, "text": "Kapret"})
    assert response.status_code == 403
    response = client_for(programme.people["municipal_rp"]).post(
        url, {"edit": target.pk, "text": "Bedre formuleret"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.text == "Bedre formuleret"
