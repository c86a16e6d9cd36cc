"""Finding 9: a password reset for an unknown address sent allauth's "unknown account" e-mail
with a sign-up link, although sign-up is closed. Nothing is sent for an unknown address."""

from django.core import mail
from django.urls import reverse


def test_an_unknown_address_gets_no_mail(client, programme):
    response = client.post(reverse("account_reset_password"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_known_address_gets_the_reset_link_and_no_sign_up(client, programme):
    client.post(reverse("account_reset_password"), {"email": "teacher@test.dk"})
    assert len(mail.outbox) == 1
    assert reverse("account_signup") not in mail.outbox[0].body
