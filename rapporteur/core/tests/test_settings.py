"""Production settings: secure by default, loud about what is missing or malformed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from rapporteur import config
from rapporteur.testing.cli import run_cli

SECRET = "s" * 20 + "-a-production-secret-key-for-the-test-only-0123456789"


@pytest.mark.parametrize("in_a_file", [False, True], ids=["variable", "file"])
def test_check_deploy_is_clean_in_production(tmp_path, in_a_file):
    """The secret key given in the variable, or in the file that ``_FILE`` names."""
    if in_a_file:
        key_file = tmp_path / "key"
        key_file.write_text(SECRET + "\n")
        secret = {"RAPPORTEUR_SECRET_KEY_FILE": str(key_file)}
    else:
        secret = {"RAPPORTEUR_SECRET_KEY": SECRET}
    result = run_cli(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        RAPPORTEUR_ALLOWED_HOSTS="desk.example.org",
        **secret,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_startup_error(tmp_path):
    result = run_cli(tmp_path, "check", RAPPORTEUR_ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 2
    assert "RAPPORTEUR_SECRET_KEY" in result.stderr and "required" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RAPPORTEUR_SESSION_IDLE_MINUTES", "half an hour", "must be a whole number"),
        ("RAPPORTEUR_SESSION_IDLE_MINUTES", "0", "must be at least 1"),
        ("RAPPORTEUR_DEBUG", "maybe", "must be true or false"),
        ("RAPPORTEUR_MODE", "staging", "must be one of"),
        ("RAPPORTEUR_DATABASE_URL", "nosuchdb://x", "not a valid URL"),
        ("RAPPORTEUR_PASSKEY_RP_ID", "https://desk.example.org", "must be a host name"),
        ("RAPPORTEUR_AUDIT_ANCHOR_MAIL", "anchors@example.org, nobody", "email addresses"),
        ("RAPPORTEUR_AUDIT_ANCHOR_TO", "/", "must name a file"),
    ],
)
def test_malformed_values_name_the_variable(tmp_path, variable, value, message):
    result = run_cli(tmp_path, "check", **{"RAPPORTEUR_MODE": "dev", variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_demands_allowed_hosts(tmp_path):
    result = run_cli(tmp_path, "check", RAPPORTEUR_SECRET_KEY=SECRET)
    assert result.returncode == 2 and "RAPPORTEUR_ALLOWED_HOSTS" in result.stderr


def test_debug_is_refused_in_production(tmp_path):
    result = run_cli(
        tmp_path,
        "check",
        RAPPORTEUR_SECRET_KEY=SECRET,
        RAPPORTEUR_ALLOWED_HOSTS="x.org",
        RAPPORTEUR_DEBUG="1",
    )
    assert result.returncode == 2 and "cannot be on in production" in result.stderr


def test_secret_and_secret_file_together_are_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("RAPPORTEUR_SECRET_KEY", SECRET)
    monkeypatch.setenv("RAPPORTEUR_SECRET_KEY_FILE", str(tmp_path / "key"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        config.env_secret("SECRET_KEY")


def test_unreadable_secret_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("RAPPORTEUR_SECRET_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        config.env_secret("SECRET_KEY")


def test_anchor_destinations_parse(monkeypatch, tmp_path):
    monkeypatch.setenv("RAPPORTEUR_X_MAIL", " a@example.org, b@example.net ,")
    monkeypatch.setenv("RAPPORTEUR_X_TO", str(tmp_path / "anchors.jsonl"))
    monkeypatch.setenv("RAPPORTEUR_X_NONE", " ")
    assert config.env_emails("X_MAIL") == ["a@example.org", "b@example.net"]
    assert config.env_file_path("X_TO") == tmp_path / "anchors.jsonl"
    assert config.env_file_path("X_NONE") is None
    assert config.env_emails("X_UNSET") == []


def test_lists_and_booleans_parse(monkeypatch):
    monkeypatch.setenv("RAPPORTEUR_X_HOSTS", " a.org, b.org ,,")
    monkeypatch.setenv("RAPPORTEUR_X_FLAG", "Yes")
    assert config.env_list("X_HOSTS", []) == ["a.org", "b.org"]
    assert config.env_bool("X_FLAG", False) is True


@pytest.mark.parametrize(
    "value",
    [
        "",
        "https://desk.example.org",
        "desk.example.org:443",
        "desk.example.org/x",
        "10.0.0.1",
        "::1",
        "desk..example.org",
        "-desk.example.org",
        "desk_example.org",
    ],
)
def test_passkey_host_name_refuses_what_is_not_a_host_name(monkeypatch, value):
    monkeypatch.setenv("RAPPORTEUR_X_RP", value)
    with pytest.raises(ImproperlyConfigured, match="must be a host name"):
        config.env_host_name("X_RP", "localhost")


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [
        (["desk.example.org", "abcdef.onion"], "desk.example.org"),
        (["127.0.0.1", "::1", "*", ".Example.ORG"], "example.org"),
        (["10.0.0.1"], "localhost"),
        ([], "localhost"),
    ],
)
def test_passkey_host_defaults_to_the_first_allowed_host_name(hosts, expected):
    assert config.first_host_name(hosts) == expected


def test_security_headers_on_every_response(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no third-party source of any kind
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_health_check(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_null_origin_with_token_passes_but_foreign_origin_fails(db):
    """no-referrer makes browsers send Origin: null; the token still decides."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.get("/desk/login/")
    token = browser.cookies["csrftoken"].value
    form = {"username": "nobody", "password": "x", "csrfmiddlewaretoken": token}
    assert browser.post("/desk/login/", form, HTTP_ORIGIN="null").status_code == 200
    foreign = browser.post("/desk/login/", form, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403
    without_token = browser.post("/desk/login/", {"username": "a"}, HTTP_ORIGIN="null")
    assert without_token.status_code == 403


def test_csrf_middleware_check_catches_its_absence(settings):
    from rapporteur.core.checks import csrf_middleware_installed

    assert csrf_middleware_installed(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csrf" not in m.lower()]
    assert [e.id for e in csrf_middleware_installed(None)] == ["rapporteur.E001"]
