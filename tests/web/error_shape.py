"""The one JSON error shape every /api error uses, checked in one place."""


def error_of(response, status: int) -> dict:
    """Assert the response is the error shape with *status*; return the inner ``error``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "param", "request_id"} and err["status"] == status
    assert err["request_id"] == response.headers["X-Request-Id"]
    return err
