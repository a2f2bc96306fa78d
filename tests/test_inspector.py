"""The inspector's pages over plain HTTP (the browser tests drive them in Chromium):
who sees what, that a key in a header works as the login cookie does, and that looking
changes nothing."""

from __future__ import annotations

import httpx
from service_util import Service


def test_ui_with_an_admin_key_names_the_tiers_and_without_shows_no_memory(
    service: Service,
) -> None:
    service.memory.add("I grow tomatoes on my balcony", user_id="alice")
    with httpx.Client(base_url=service.url, timeout=60) as http:
        page = http.get("/ui", headers=service.admin)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert all(tier in page.text for tier in ("short", "mid", "long"))
        assert "u=alice" in page.text
        tiers = http.get("/ui/tiers", params={"tenant": "u=alice"}, headers=service.admin)
        assert "I grow tomatoes on my balcony" in tiers.text
        anonymous = http.get("/ui", follow_redirects=True)
        assert anonymous.status_code == 200 and anonymous.url.path == "/ui/login"
        assert "u=alice" not in anonymous.text and "tomatoes" not in anonymous.text
        for path in ("/ui/tiers?tenant=u%3Dalice", "/ui/search?tenant=u%3Dalice&q=tomatoes"):
            assert "tomatoes" not in http.get(path, follow_redirects=True).text
        wrong = http.get("/ui/tiers?tenant=u%3Dalice", headers={"X-API-Key": "tmk_0_nope"})
        assert wrong.status_code == 303 and "tomatoes" not in wrong.text


def test_login_cookie_scope_and_refusals(service: Service) -> None:
    alice_key = service.alice["X-API-Key"]
    with httpx.Client(base_url=service.url, timeout=60) as http:
        bad = http.post("/ui/login", data={"api_key": "tmk_0_nope"})
        assert bad.status_code == 200 and "not valid" in bad.text and not bad.cookies
        good = http.post("/ui/login", data={"api_key": alice_key})
        assert good.status_code == 303
        cookie = good.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/ui" in cookie
        assert "u=alice" in http.get("/ui").text  # the cookie is the key from now on
        other = http.get("/ui/tiers", params={"tenant": "u=bob"})
        assert other.status_code == 403 and "text/html" in other.headers["content-type"]
        odd = http.get("/ui/tiers", params={"tenant": "u=a\x00b"})
        assert odd.status_code == 422
        assert http.get("/ui/memory/../../etc/passwd").status_code == 404
        assert http.get("/memories", params={"user_id": "alice"}).status_code == 401  # not
        # the REST API: the cookie is only the inspector's (a page cannot be made to write)
        http.post("/ui/logout")
        assert http.get("/ui").status_code == 303


def test_the_search_playground_does_not_reinforce(service: Service) -> None:
    memory = service.memory
    memory.add("I collect vintage fountain pens", user_id="bob")
    memory.consolidate(user_id="bob", passes=("short_to_mid",))
    fact = next(i for i in memory.stores.mid.all("u=bob") if "pens" in i.memory)
    with httpx.Client(base_url=service.url, timeout=60) as http:
        for _ in range(3):
            page = http.get(
                "/ui/search",
                params={"tenant": "u=bob", "q": "fountain pens"},
                headers=service.admin,
            )
            assert "vintage fountain pens" in page.text and "relevance" in page.text
    memory.recalls.drain()  # recalls are written after the answer: wait for any queued
    looked = memory.stores.mid.get("u=bob", fact.id)
    assert looked is not None and looked.last_access == fact.last_access
    memory.search("fountain pens", user_id="bob")  # a real search does recall it
    memory.recalls.drain()
    recalled = memory.stores.mid.get("u=bob", fact.id)
    assert recalled is not None and recalled.last_access != fact.last_access
