"""Foundation: configuration, security headers, CSRF and error pages."""

import pytest
from flask import Flask

from hub import create_app
from hub.config import ProductionConfig, config_from_env


def test_config_is_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("HUB_CONFIG", "development")
    assert config_from_env().__name__ == "DevelopmentConfig"
    monkeypatch.setenv("HUB_CONFIG", "nonsense")
    with pytest.raises(RuntimeError, match="HUB_CONFIG must be one of"):
        config_from_env()


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    class NoSecret(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoSecret)


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_security_headers_and_a_policy_with_no_inline_script(sample_client):
    response = sample_client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html  # nothing the policy would block


def with_extra_routes(app: Flask) -> Flask:
    @app.post("/test-form")
    def test_form():
        return "saved"

    @app.get("/test-crash")
    def test_crash():
        raise RuntimeError("secret internal detail")

    return app


@pytest.fixture
def extra_client(tmp_path):
    from tests.conftest import build_app

    return with_extra_routes(build_app(tmp_path)).test_client()


def test_a_post_without_a_csrf_token_is_refused_kindly(extra_client, page):
    response = extra_client.post("/test-form", data={"name": "x"})
    assert response.status_code == 400
    assert "Sorry, that form could not be sent" in response.get_data(as_text=True)


def test_a_crash_shows_a_plain_page_without_details(extra_client, page):
    crashed = page(extra_client, "/test-crash", status=500)
    assert crashed.h1 == "Sorry, there is a problem with the service"
    assert "secret internal detail" not in crashed.html


def test_not_found_page(extra_client, page):
    assert page(extra_client, "/no-such-page", status=404).h1 == "Page not found"
