"""The command line signs in once a clinic has users (the demo adds one per role): these tests act
as the demo administrator through the environment, as a script would."""

import pytest

from keystone_desk.services.demo_users import DEMO_ADMIN


@pytest.fixture(autouse=True)
def demo_administrator_signed_in(monkeypatch):
    monkeypatch.setenv("KEYSTONE_DESK_USER", DEMO_ADMIN.username)
    monkeypatch.setenv("KEYSTONE_DESK_PASSWORD", DEMO_ADMIN.password)
